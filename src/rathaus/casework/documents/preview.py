"""A template as PDF before any decision uses it: with sample values or a real application."""

from __future__ import annotations

from django.utils import timezone

from rathaus.casework.documents.render import decision_document
from rathaus.casework.documents.selectors import (
    decision_context,
    letterhead,
    service_form_fields,
)
from rathaus.casework.documents.variables import OUTCOME_WORDS, DecisionContext, Letterhead
from rathaus.casework.models import DecisionTemplate
from rathaus.submissions.models import Submission

SAMPLE_REASONING = (
    "Hier steht die Begründung der Sachbearbeitung.\n\n"
    "Ein zweiter Absatz der Begründung zeigt, wie Absätze gesetzt werden."
)

SAMPLE_AUTHORITY = Letterhead(
    name="Gemeindeverwaltung Musterstadt",
    address="Rathausplatz 1\n12345 Musterstadt",
    town="Musterstadt",
    contact=("Telefon 01234 5678-0",),
)


def decision_sample_context(*, template: DecisionTemplate) -> DecisionContext:
    """Fictitious values for every variable; each answer shows its question in brackets."""
    today = timezone.localdate()
    authority = letterhead(template.authority) if template.authority else SAMPLE_AUTHORITY
    fields = service_form_fields(service_id=template.service_id)
    return DecisionContext(
        reference="MUSTER-2026-000001",
        submitted_on=today,
        decided_on=today,
        service_name=template.service.name,
        applicant_name="Erika Mustermann",
        applicant_address="Musterstraße 1\n12345 Musterstadt",
        outcome=OUTCOME_WORDS[template.outcome],
        reasoning=SAMPLE_REASONING,
        answers={field_id: f"[{label}]" for field_id, label in fields.items()},
        authority=authority,
    )


def decision_preview(*, template: DecisionTemplate, submission: Submission | None = None) -> bytes:
    """The template as PDF, filled with sample values or with one application's data.

    Raises ValueError when the application is for another service or has no authority.
    """
    if submission is None:
        return decision_document(
            template=template, context=decision_sample_context(template=template)
        )
    if submission.form_version.form.service_id != template.service_id:
        raise ValueError("submission is for another service")
    context = decision_context(
        submission=submission, outcome=template.outcome, reasoning=SAMPLE_REASONING
    )
    return decision_document(template=template, context=context)
