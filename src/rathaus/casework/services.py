"""Every write of the back office's cases: open, assign, change status, add a note.

Each change writes its `CaseEvent` in the same transaction, so the timeline never misses a
change and never shows one that did not happen. Details hold ids and keys, never personal data.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from rathaus.audit.models import AuditAction
from rathaus.audit.services import actor_of, audit_record
from rathaus.authorities.models import StaffMembership, StaffRole
from rathaus.casework.blind_index import name_digests
from rathaus.casework.documents.answers import applicant_of
from rathaus.casework.models import (
    ApplicantToken,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseNote,
    CaseStatus,
    RoutingRule,
    ServiceDeadline,
    Team,
)
from rathaus.casework.selectors import CITIZEN_STEP
from rathaus.common.crypto import seal_json
from rathaus.common.process_cache import ProcessCache
from rathaus.forms.models import FormVersion
from rathaus.identity.models import Organisation
from rathaus.mailbox.services import submission_step_set
from rathaus.mailbox.status import step_keys
from rathaus.submissions.models import Submission
from rathaus.submissions.selectors import compiled_form, submission_data
from rathaus.submissions.submitting import submission_status_set

logger = logging.getLogger(__name__)

WORKING_ROLES = (StaffRole.ADMIN, StaffRole.CASEWORKER)
NOTE_MAX = 5000
# read for every new case, set by administrators (common/process_cache.py)
_SERVICES: ProcessCache[int | None] = ProcessCache("forms.Form")
_DEADLINES: ProcessCache[int | None] = ProcessCache("casework.ServiceDeadline")
_ROUTING: ProcessCache[RoutingRule | None] = ProcessCache("casework.RoutingRule", "casework.Team")


class CaseRefused(Exception):
    """A case change that is not allowed; `reason` names it (the view shows a clear page)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _event(case: Case, kind: str, actor: AbstractBaseUser | None, **details: object) -> None:
    CaseEvent.objects.create(
        case=case, kind=kind, actor_id=actor.pk if actor else None, details=details
    )


def case_audit(
    *, case: Case, actor: AbstractBaseUser, action: AuditAction, reason: str, **details: object
) -> None:
    """Record on the audit trail what a member of the case's authority did with it, and why."""
    audit_record(
        actor=actor_of(actor),
        action=action,
        obj_type="casework.Case",
        obj_id=str(case.pk),
        authority_id=case.authority_id,
        reason=reason,
        details=details,
    )


def may_work_on(*, user_id: int, authority_id: int) -> bool:
    """Whether this account is an administration or caseworker member of the authority."""
    return StaffMembership.objects.filter(
        user_id=user_id, authority_id=authority_id, role__in=WORKING_ROLES
    ).exists()


def may_still_decide(*, case: Case, actor: AbstractBaseUser) -> None:
    """Raise CaseRefused unless the actor works on the case's authority and it is still open."""
    if not may_work_on(user_id=actor.pk, authority_id=case.authority_id):
        raise CaseRefused("role")
    if case.status in (CaseStatus.DECIDED, CaseStatus.CLOSED):
        raise CaseRefused("decided")


def applicant_recipient(case: Case) -> AbstractBaseUser | Organisation:
    """Whose Postfach hears from the case: the organisation it was sent for, else the person.

    Raises CaseRefused("no_postfach") for an application sent without an account.
    """
    submission = case.submission
    if submission.organisation is not None:
        return submission.organisation
    if submission.owner_user is None:
        raise CaseRefused("no_postfach")
    return submission.owner_user


def _applicant_name(submission: Submission) -> str:
    if submission.organisation is not None:
        return str(submission.organisation.name)
    data = submission_data(submission=submission)
    name, _address = applicant_of(compiled_form(submission.form_version_id).form, data)
    return name


def _due(submission: Submission, service_id: int | None) -> datetime | None:
    if service_id is None or submission.authority_id is None:
        return None
    authority_id = submission.authority_id
    days = _DEADLINES.get(
        (authority_id, service_id), lambda: _deadline_days(authority_id, service_id)
    )
    return submission.submitted_at + timedelta(days=days) if days is not None else None


def _deadline_days(authority_id: int, service_id: int) -> int | None:
    # one query for both: the authority's own deadline sorts before the one for all
    mine = Q(authority_id=authority_id) | Q(authority__isnull=True)
    deadline = (
        ServiceDeadline.objects.filter(mine, service_id=service_id)
        .order_by(F("authority_id").asc(nulls_last=True))
        .first()
    )
    return deadline.days if deadline else None


def _route(case: Case) -> None:
    """Give a new case to the team or person of the first matching routing rule."""
    if case.service_id is None:
        return
    key = (case.authority_id, case.service_id)
    rule = _ROUTING.get(key, lambda: _routing_rule(*key))
    if rule is None:
        return
    if rule.assignee_id and may_work_on(user_id=rule.assignee_id, authority_id=case.authority_id):
        case.assignee_id = rule.assignee_id
    if rule.team_id and rule.team and rule.team.authority_id == case.authority_id:
        case.team_id = rule.team_id
    if case.assignee_id or case.team_id:
        case.save(update_fields=["assignee", "team"])
        _event(
            case,
            CaseEventKind.ROUTED,
            None,
            rule=rule.pk,
            team=case.team_id,
            assignee=case.assignee_id,
        )


def _routing_rule(authority_id: int, service_id: int) -> RoutingRule | None:
    rules = RoutingRule.objects.filter(authority_id=authority_id, service_id=service_id)
    return rules.select_related("team").order_by("priority", "pk").first()


def case_open(*, submission: Submission) -> Case | None:
    """The case of a submission, opened (deadline, applicant index, routing) if it has none.

    Idempotent; a submission without an authority gets no case.
    """
    if submission.authority_id is None:
        return None
    existing = Case.objects.filter(submission=submission).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _case_create(submission, submission.authority_id)
    except IntegrityError:  # opened at the same moment elsewhere
        return Case.objects.get(submission=submission)


def _service_of(version_id: int) -> int | None:
    versions = FormVersion.objects.filter(pk=version_id)
    return versions.values_list("form__service_id", flat=True).get()


def _case_create(submission: Submission, authority_id: int) -> Case:
    """Store the case of a submission that has none (the caller holds a transaction)."""
    version_id = submission.form_version_id
    service_id = _SERVICES.get(version_id, lambda: _service_of(version_id))
    name = _applicant_name(submission)
    case = Case(
        submission=submission,
        authority_id=authority_id,
        service_id=service_id,
        reference=submission.reference,
        received_at=submission.submitted_at,
        due_at=_due(submission, service_id),
    )
    case.sealed_applicant = seal_json({"name": name}, context=case.applicant_context)
    case.save(force_insert=True)
    digests = name_digests(name)
    if digests:
        ApplicantToken.objects.bulk_create(
            ApplicantToken(case=case, digest=d, received_at=case.received_at) for d in digests
        )
    _event(case, CaseEventKind.OPENED, None)
    _route(case)
    return case


def case_receipt_move(*, case: Case, received_at: datetime, due_at: datetime | None) -> None:
    """Give a case another moment of receipt and deadline (the demo's older applications).

    The name words' copy of the receipt (their sort key) moves with it.
    """
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(received_at=received_at, due_at=due_at)
        ApplicantToken.objects.filter(case_id=case.pk).update(received_at=received_at)
    case.received_at, case.due_at = received_at, due_at


def cases_open_missing() -> int:
    """Open the case of every submission that has none yet (older data, the demo)."""
    opened = 0
    for submission in Submission.objects.filter(case__isnull=True, authority__isnull=False):
        if case_open(submission=submission) is not None:
            opened += 1
    return opened


def case_assign(
    *, case: Case, actor: AbstractBaseUser, assignee_id: int | None, team_id: int | None = None
) -> Case:
    """Give a case to a person (admin or caseworker of its authority) and/or a team of it."""
    if not may_work_on(user_id=actor.pk, authority_id=case.authority_id):
        raise CaseRefused("role")
    if assignee_id is not None and not may_work_on(
        user_id=assignee_id, authority_id=case.authority_id
    ):
        raise CaseRefused("assignee")
    if (
        team_id is not None
        and not Team.objects.filter(pk=team_id, authority_id=case.authority_id).exists()
    ):
        raise CaseRefused("team")
    with transaction.atomic():
        case.assignee_id = assignee_id
        case.team_id = team_id if team_id is not None else case.team_id
        case.save(update_fields=["assignee", "team"])
        _event(case, CaseEventKind.ASSIGNED, actor, assignee=assignee_id, team=case.team_id)
    return case


def case_status_set(
    *, case: Case, actor: AbstractBaseUser, status: str, tell_citizen: bool = True
) -> Case:
    """Move a case to a status; the citizen's status monitor shows the matching step.

    `tell_citizen=False` where the Postfach already recorded the step (a question or a
    Bescheid sent moves the monitor itself), so the step is not shown twice.
    """
    if not may_work_on(user_id=actor.pk, authority_id=case.authority_id):
        raise CaseRefused("role")
    if status not in CaseStatus.values:
        raise CaseRefused("status")
    if status == case.status:
        return case
    submission_status, step = CITIZEN_STEP[status]
    with transaction.atomic():
        before = case.status
        case.status = status
        case.closed_at = timezone.now() if status == CaseStatus.CLOSED else None
        case.save(update_fields=["status", "closed_at"])
        submission = case.submission
        if submission_status is not None:
            submission_status_set(submission=submission, status=submission_status)
        if tell_citizen and step is not None and step in step_keys(submission=submission):
            submission_step_set(submission=submission, step_key=step)
        _event(case, CaseEventKind.STATUS, actor, before=before, after=status, step=step)
    return case


def note_add(*, case: Case, author: AbstractBaseUser, text: str) -> CaseNote:
    """Add an internal note (sealed); the timeline records that a note was added, not its text."""
    if not may_work_on(user_id=author.pk, authority_id=case.authority_id):
        raise CaseRefused("role")
    text = text.strip()
    if not text or len(text) > NOTE_MAX:
        raise CaseRefused("note")
    with transaction.atomic():
        note = CaseNote(case=case, author_id=author.pk)
        note.sealed_text = seal_json({"text": text}, context=note.sealing_context)
        note.save(force_insert=True)
        _event(case, CaseEventKind.NOTE, author, note=str(note.pk))
    return note


def submission_anonymised(submission_id: uuid.UUID) -> None:
    """The submissions app's event: retention removed the personal data; so does the case.

    The applicant's name, its index words and the internal notes go; status and timeline stay.
    """
    case = Case.objects.filter(submission_id=submission_id).first()
    if case is None:
        return
    Case.objects.filter(pk=case.pk).update(sealed_applicant=b"")
    ApplicantToken.objects.filter(case=case).delete()
    CaseNote.objects.filter(case=case).delete()
    _event(case, CaseEventKind.ANONYMISED, None)


def submission_received(submission: Submission) -> None:
    """The submissions app's event: a new submission was stored (opens its case).

    It runs inside the submitting transaction and the submission is new, so neither the
    look-up for an existing case nor a savepoint of its own is needed (the submit path's
    query count is pinned in tests/submissions/test_submit.py).
    """
    if submission.authority_id is not None:
        _case_create(submission, submission.authority_id)
