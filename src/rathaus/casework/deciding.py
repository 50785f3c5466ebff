"""Deciding a case: the Bescheid from a template, sealed where the authority has a seal,
into the applicant's Postfach with fetch receipt; the case closes with its result. Reopening
a closed case needs a reason. Both are on the case's timeline and the audit trail."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from rathaus.audit.models import AuditAction
from rathaus.casework.documents.render import decision_document
from rathaus.casework.documents.seal import SealNotConfigured, decision_seal
from rathaus.casework.documents.selectors import decision_context, decision_templates_for
from rathaus.casework.models import (
    Case,
    CaseEventKind,
    CaseStatus,
    DecisionOutcome,
    DecisionTemplate,
)
from rathaus.casework.services import (
    CaseRefused,
    _event,
    applicant_recipient,
    case_audit,
    case_status_set,
    may_still_decide,
    may_work_on,
)
from rathaus.mailbox.files import IncomingFile
from rathaus.mailbox.services import decision_send

REASONING_MAX = 5000
REASON_MAX = 500


def _template(case: Case, template_id: int) -> DecisionTemplate:
    """One of the active templates for the case's service and authority, else refused."""
    service = case.submission.form_version.form.service
    found = decision_templates_for(service=service, authority=case.authority) if service else []
    template = next((t for t in found if t.pk == template_id), None)
    if template is None:
        raise CaseRefused("template")
    return template


def _sealed_if_possible(pdf: bytes, case: Case) -> bytes:
    """The Bescheid sealed with the authority's certificate; unsealed where it has none."""
    try:
        return decision_seal(pdf=pdf, authority=case.authority)
    except SealNotConfigured:
        return pdf


def case_decide(
    *, case: Case, actor: AbstractBaseUser, template_id: int, outcome: str, reasoning: str
) -> Case:
    """Decide once: render (and seal) the Bescheid, send it, close the case with the result."""
    may_still_decide(case=case, actor=actor)
    if outcome not in DecisionOutcome.values:
        raise CaseRefused("outcome")
    reasoning = reasoning.strip()
    if not reasoning or len(reasoning) > REASONING_MAX:
        raise CaseRefused("reasoning")
    submission = case.submission
    template = _template(case, template_id)
    recipient = applicant_recipient(case)
    context = decision_context(submission=submission, outcome=outcome, reasoning=reasoning)
    pdf = _sealed_if_possible(decision_document(template=template, context=context), case)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status in (CaseStatus.DECIDED, CaseStatus.CLOSED):
            raise CaseRefused("decided")  # a second click, or a colleague at the same moment
        message = decision_send(
            recipient=recipient,
            authority=case.authority,
            subject=f"Bescheid zu Ihrem Antrag {submission.reference}",
            body=f"{context.service_name}: {context.outcome}. Der Bescheid liegt als PDF bei.",
            pdf=IncomingFile(f"Bescheid-{submission.reference}.pdf", pdf),
            submission=submission,
        )
        Case.objects.filter(pk=case.pk).update(result=outcome)
        case.result = outcome
        case_status_set(case=case, actor=actor, status=CaseStatus.CLOSED, tell_citizen=False)
        _event(case, CaseEventKind.DECIDED, actor, outcome=outcome, message=str(message.pk))
        case_audit(
            case=case,
            actor=actor,
            action=AuditAction.SEND,
            reason="Bescheid",
            outcome=outcome,
            template=template.pk,
            message=str(message.pk),
        )
    return case


def case_reopen(*, case: Case, actor: AbstractBaseUser, reason: str) -> Case:
    """Reopen a closed case: only with a reason, which the timeline and the audit keep."""
    if not may_work_on(user_id=actor.pk, authority_id=case.authority_id):
        raise CaseRefused("role")
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise CaseRefused("reason")
    if case.status not in (CaseStatus.DECIDED, CaseStatus.CLOSED):
        raise CaseRefused("not_closed")
    with transaction.atomic():
        case_status_set(case=case, actor=actor, status=CaseStatus.IN_PROGRESS)
        _event(case, CaseEventKind.REOPENED, actor, at=timezone.now().isoformat())
        case_audit(
            case=case,
            actor=actor,
            action=AuditAction.CHANGE,
            reason=reason,
            fields=["status", "closed_at"],
            reopened=True,
        )
    return case
