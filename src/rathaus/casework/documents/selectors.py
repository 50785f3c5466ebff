"""Reads for decision documents: which variables a template may use, and their values."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from rathaus.authorities.models import Authority
from rathaus.casework.documents.answers import answers_text, applicant_of
from rathaus.casework.documents.checks import template_problems
from rathaus.casework.documents.variables import (
    OUTCOME_WORDS,
    DecisionContext,
    Letterhead,
    template_names,
)
from rathaus.casework.models import DecisionTemplate
from rathaus.catalog.models import Service
from rathaus.forms.definition import FieldDef, iter_elements
from rathaus.forms.models import FormVersion, VersionStatus
from rathaus.forms.selectors import version_definition
from rathaus.submissions.models import Submission
from rathaus.submissions.selectors import submission_data

TEXT_FIELDS = ("body", "legal_remedy")


def service_form_fields(*, service_id: int) -> dict[str, str]:
    """The input fields of the service's published forms: id → German label, in form order."""
    fields: dict[str, str] = {}
    versions = FormVersion.objects.filter(
        form__service_id=service_id, status=VersionStatus.PUBLISHED
    ).order_by("form__key", "-number")
    for version in versions.only("pk", "status"):
        for element in iter_elements(version_definition(version=version)):
            if isinstance(element, FieldDef) and element.is_input:
                fields.setdefault(element.id, element.label.de)
    return fields


def decision_template_names(*, service_id: int) -> list[str]:
    """The variables a template for this service may use (answers of its published forms)."""
    return template_names(list(service_form_fields(service_id=service_id)))


def decision_template_check(*, template: DecisionTemplate) -> None:
    """Raise ValidationError naming line and reason of every problem in body and remedy note.

    Without a service the answers' variables are unknown, so only then the form check waits
    for the service field's own error.
    """
    if template.service_id is None:
        return
    names = decision_template_names(service_id=template.service_id)
    errors = {
        name: [str(problem) for problem in template_problems(getattr(template, name), names=names)]
        for name in TEXT_FIELDS
    }
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)


def decision_templates_for(
    *, service: Service, authority: Authority | None, outcome: str | None = None
) -> list[DecisionTemplate]:
    """The active templates a decision on this service may use, the authority's own first."""
    found = DecisionTemplate.objects.filter(service=service, active=True).filter(
        Q(authority__isnull=True) | Q(authority=authority)
    )
    if outcome is not None:
        found = found.filter(outcome=outcome)
    return sorted(found, key=lambda template: (template.authority_id is None, template.name))


def decision_context(
    *,
    submission: Submission,
    outcome: str,
    reasoning: str,
    decided_on: date | None = None,
) -> DecisionContext:
    """What a decision on this submission says besides its template (answers decrypted)."""
    authority = submission.authority
    if authority is None:
        raise ValueError("a decision needs the submission's authority")
    form = version_definition(version=submission.form_version)
    data = submission_data(submission=submission)
    applicant_name, applicant_address = applicant_of(form, data)
    service = submission.form_version.form.service
    return DecisionContext(
        reference=submission.reference,
        submitted_on=timezone.localdate(submission.submitted_at),
        decided_on=decided_on or timezone.localdate(),
        service_name=service.name if service else form.title.de,
        outcome=OUTCOME_WORDS.get(outcome, outcome),
        reasoning=reasoning,
        answers=answers_text(form, data),
        applicant_name=applicant_name,
        applicant_address=applicant_address,
        authority=letterhead(authority),
    )


def letterhead(authority: Authority) -> Letterhead:
    """The authority's name, address and contact lines for the head of its letters."""
    town_line = " ".join(filter(None, (authority.postcode, authority.town)))
    contact = (
        f"Telefon {authority.phone}" if authority.phone else "",
        f"E-Mail {authority.email}" if authority.email else "",
        authority.website,
    )
    return Letterhead(
        name=authority.name,
        address="\n".join(filter(None, (authority.street, town_line))),
        town=authority.town,
        contact=tuple(filter(None, contact)),
    )
