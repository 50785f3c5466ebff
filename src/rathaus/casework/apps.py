from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "rathaus.casework"
    verbose_name = "Sachbearbeitung"

    def ready(self) -> None:
        from rathaus.casework.questions import question_answered
        from rathaus.casework.services import submission_anonymised, submission_received
        from rathaus.mailbox.events import register_answered
        from rathaus.submissions.events import register_anonymised, register_submitted

        # every new submission gets its case in the transaction that stores it (ADR 0018);
        # cases_open_missing covers submissions stored before the back office existed
        register_submitted(submission_received)
        register_anonymised(submission_anonymised)
        # a person's answer to a question comes back into the case it was asked from
        register_answered(question_answered)
