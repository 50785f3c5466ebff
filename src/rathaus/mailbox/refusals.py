"""Why the Postfach refused a write, in German and English (gettext)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rathaus.forms.definition import Text
from rathaus.submissions.attachments.messages import bilingual

REASONS = {
    "subject": _("Bitte geben Sie einen Betreff mit höchstens 200 Zeichen an."),
    "body": _("Bitte schreiben Sie einen Text mit höchstens 20.000 Zeichen."),
    "due_past": _("Die Frist für die Antwort darf nicht in der Vergangenheit liegen."),
    "submission": _("Eine Nachricht zu einem Antrag geht an die Person, die ihn gestellt hat."),
    "not_recipient": _("Diese Nachricht gibt es in Ihrem Postfach nicht."),
    "answer_text": _("Bitte schreiben Sie Ihre Antwort (höchstens 5.000 Zeichen)."),
    "answered": _("Diese Rückfrage haben Sie bereits beantwortet."),
    "step": _("Diesen Schritt gibt es für diese Leistung nicht."),
}


class MailboxRefused(Exception):
    """A Postfach write was refused; `reason` is a key of REASONS, `message` says why."""

    def __init__(self, reason: str, message: Text) -> None:
        self.reason = reason
        self.message = message
        super().__init__(f"{reason}: {message.de}")


def refused(reason: str) -> MailboxRefused:
    """The refusal for `reason`, with its message in both languages."""
    return MailboxRefused(reason, bilingual(REASONS[reason]))
