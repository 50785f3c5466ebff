from django.apps import AppConfig


class MailboxConfig(AppConfig):
    name = "rathaus.mailbox"
    verbose_name = "Postfach und Statusmonitor"

    def ready(self) -> None:
        from rathaus.common.rotation import column_rewrap, sealed_register
        from rathaus.mailbox.models import Answer, MailboxFile, Message
        from rathaus.mailbox.selectors import status_link_for
        from rathaus.submissions.attachments.services import sealed_files_rewrap
        from rathaus.submissions.events import register_status_link

        register_status_link(status_link_for)
        sealed_register(
            "Postfach (Nachrichten)",
            "Mailbox (messages)",
            lambda: column_rewrap(Message, "sealed_content"),
        )
        sealed_register(
            "Postfach (Antworten)",
            "Mailbox (answers)",
            lambda: column_rewrap(Answer, "sealed_text"),
        )
        sealed_register(
            "Postfach (Dateien)", "Mailbox (files)", lambda: sealed_files_rewrap(model=MailboxFile)
        )
