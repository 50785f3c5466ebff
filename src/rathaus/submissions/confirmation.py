"""The confirmation of receipt: its content from a stored submission, as PDF and by e-mail.

WeasyPrint (and so the pango system library) is loaded only when a PDF is made.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from rathaus.forms.web.summary import summarise
from rathaus.forms.web.widgets import size_text
from rathaus.submissions.attachments.selectors import attachments_of_submission
from rathaus.submissions.models import Submission
from rathaus.submissions.selectors import compiled_form, submission_contact, submission_data

if TYPE_CHECKING:
    from rathaus.submissions.receipt import ReceiptData

logger = logging.getLogger(__name__)

NEXT_STEPS = {
    "de": "Wir übermitteln Ihren Antrag an die zuständige Stelle. Sie prüft ihn und meldet "
    "sich bei Fragen. Die Entscheidung erhalten Sie von der Stelle.",
    "en": "We pass your application to the responsible office. It checks it and contacts "
    "you with any questions. You receive the decision from the office.",
}
SUBJECT = {
    "de": "Ihr Antrag ist eingegangen – Aktenzeichen {reference}",
    "en": "Your application has been received – reference {reference}",
}


def receipt_content(submission: Submission, language: str) -> ReceiptData:
    """What the receipt says: reference, office, time, and every answer with its question."""
    from rathaus.submissions.receipt import ReceiptData

    compiled = compiled_form(submission.form_version_id)
    data = submission_data(submission=submission)
    with translation.override(language):
        sections = [
            (section.title, [(row.label, row.value) for row in section.rows])
            for section in summarise(compiled.form.pages, compiled.state(data), data, language)
        ]
    return ReceiptData(
        reference=submission.reference,
        form_title=compiled.form.title.get(language),
        authority_name=submission.authority.name if submission.authority else "",
        submitted_at=submission.submitted_at,
        language=language,
        sections=[s for s in sections if s[1]],
        next_steps=NEXT_STEPS[language],
        attachments=[
            (stored.name, size_text(stored.size, language))
            for stored in attachments_of_submission(submission=submission)
        ],
    )


def receipt_document(content: ReceiptData) -> bytes:
    """The receipt as tagged PDF/A."""
    from rathaus.submissions.receipt import receipt_pdf

    return receipt_pdf(content)


def confirmation_send(*, submission_id: uuid.UUID) -> bool:
    """E-mail the confirmation with the receipt attached, once; False if none is due.

    Marked as sent only after the SMTP server took it; a crash in between can send a
    second copy (at least once), never none.
    """
    submission = (
        Submission.objects.filter(pk=submission_id, confirmation_sent_at__isnull=True)
        .select_related("authority", "form_version__form")
        .first()
    )
    address = submission_contact(submission=submission) if submission else ""
    if submission is None or not address:
        return False
    language = submission.language if submission.language in NEXT_STEPS else "de"
    content = receipt_content(submission, language)
    message = EmailMessage(
        subject=SUBJECT[language].format(reference=submission.reference),
        body=render_to_string(
            "submissions/email/confirmation.txt", {"receipt": content, "language": language}
        ),
        to=[address],
    )
    filename = f"Eingangsbestaetigung-{submission.reference}.pdf"
    message.attach(filename, receipt_document(content), "application/pdf")
    message.send(fail_silently=False)
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(confirmation_sent_at=timezone.now())
    return True
