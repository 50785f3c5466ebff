"""Reads of the back office: whose cases a staff member sees, the worklists, one case's record.

Worklists are keyset-paginated by (received_at, id), newest first: a page costs the same on the
millionth case as on the first. The cursor is signed, so a changed one is simply ignored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.core import signing
from django.db.models import Q, QuerySet
from django.utils import timezone

from rathaus.authorities.models import StaffMembership
from rathaus.authorities.selectors import staff_roles
from rathaus.casework.blind_index import name_words, word_digest
from rathaus.casework.models import Case, CaseEvent, CaseNote, CaseStatus
from rathaus.common.crypto import open_json
from rathaus.mailbox import selectors as mailbox
from rathaus.mailbox.models import Answer, FetchReceipt, MailboxFile, Message, MessageKind
from rathaus.mailbox.status import sequence_for, sequence_steps
from rathaus.submissions.attachments.selectors import attachments_of_submission
from rathaus.submissions.models import Attachment, SubmissionStatus

PAGE_SIZE = 25
TABS = ("new", "mine", "team", "overdue", "all")
FINISHED = (CaseStatus.DECIDED, CaseStatus.CLOSED)
_CURSOR_SALT = "rathaus.casework.worklist"
# what a case's status means for the citizen: the submission's status and the monitor's step
CITIZEN_STEP: dict[str, tuple[str | None, str | None]] = {
    CaseStatus.NEW: (None, None),
    CaseStatus.IN_PROGRESS: (SubmissionStatus.PROCESSING, "processing"),
    CaseStatus.WAITING: (SubmissionStatus.PROCESSING, "question"),
    CaseStatus.DECIDED: (SubmissionStatus.PROCESSING, "decided"),
    CaseStatus.CLOSED: (SubmissionStatus.CLOSED, "decided"),
}

StaffUser = AbstractBaseUser | AnonymousUser


def is_operator(user: StaffUser) -> bool:
    return bool(getattr(user, "is_superuser", False))


def visible_cases(*, user: StaffUser) -> QuerySet[Case]:
    """The cases this account may read: its authorities' (any role); every one for operators."""
    if is_operator(user):
        return Case.objects.all()
    return Case.objects.filter(authority_id__in=list(staff_roles(user=user)))


def case_for_user(*, case_id: str, user: StaffUser) -> Case | None:
    """One case if the account may read it; None for a bad id or another authority's case."""
    try:
        wanted = uuid.UUID(str(case_id))
    except ValueError:
        return None
    return (
        visible_cases(user=user)
        .select_related("submission__form_version__form", "authority", "service", "assignee")
        .filter(pk=wanted)
        .first()
    )


def case_role(*, user: StaffUser, case: Case) -> str | None:
    """The account's role in the case's authority ("operator" for Land operators reading)."""
    role = staff_roles(user=user).get(case.authority_id)
    if role is None and is_operator(user):
        return "operator"
    return role


@dataclass
class WorklistQuery:
    """What the worklist form asks for (already cleaned)."""

    tab: str = "new"
    service: int | None = None
    status: str = ""
    received_from: date | None = None
    received_to: date | None = None
    reference: str = ""
    search: str = ""
    cursor: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class WorklistPage:
    cases: list[Case]
    next_cursor: str


def _tab(cases: QuerySet[Case], tab: str, user: StaffUser) -> QuerySet[Case]:
    if tab == "new":
        return cases.filter(status=CaseStatus.NEW)
    if tab == "mine":
        return cases.filter(assignee_id=user.pk).exclude(status__in=FINISHED)
    if tab == "team":
        return cases.filter(team__members=user.pk).exclude(status__in=FINISHED)
    if tab == "overdue":
        return cases.filter(due_at__lt=timezone.now()).exclude(status__in=FINISHED)
    return cases


def _bound(day: date, end: bool) -> datetime:
    moment = datetime.combine(day, time.max if end else time.min)
    return timezone.make_aware(moment)


def _filters(cases: QuerySet[Case], query: WorklistQuery) -> QuerySet[Case]:
    if query.service is not None:
        cases = cases.filter(service_id=query.service)
    if query.status:
        cases = cases.filter(status=query.status)
    if query.received_from:
        cases = cases.filter(received_at__gte=_bound(query.received_from, end=False))
    if query.received_to:
        cases = cases.filter(received_at__lte=_bound(query.received_to, end=True))
    if query.reference:
        cases = cases.filter(reference__istartswith=query.reference.strip())
    return _search(cases, query.search)


def _search(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """A reference prefix, or else every name word found through the blind index."""
    text = text.strip()
    if not text:
        return cases
    words = name_words(text)
    by_name = cases
    for word in words:
        by_name = by_name.filter(applicant_tokens__digest=word_digest(word))
    if not words:
        by_name = cases.none()
    return cases.filter(Q(reference__istartswith=text) | Q(pk__in=by_name.values("pk")))


def cursor_make(case: Case) -> str:
    return signing.dumps([case.received_at.isoformat(), str(case.pk)], salt=_CURSOR_SALT)


def _cursor_read(cursor: str) -> tuple[datetime, uuid.UUID] | None:
    if not cursor:
        return None
    try:
        moment, case_id = signing.loads(cursor, salt=_CURSOR_SALT)
        return datetime.fromisoformat(moment), uuid.UUID(case_id)
    except (signing.BadSignature, ValueError, TypeError):
        return None  # a changed or foreign cursor: the first page


def worklist(*, user: StaffUser, query: WorklistQuery, size: int = PAGE_SIZE) -> WorklistPage:
    """One page of a worklist tab with its filters, newest first, and the next page's cursor."""
    cases = _filters(_tab(visible_cases(user=user), query.tab, user), query)
    after = _cursor_read(query.cursor)
    if after is not None:
        moment, case_id = after
        cases = cases.filter(Q(received_at__lt=moment) | Q(received_at=moment, pk__lt=case_id))
    rows = list(
        cases.select_related("service", "assignee", "submission__form_version__form").order_by(
            "-received_at", "-pk"
        )[: size + 1]
    )
    next_cursor = cursor_make(rows[size - 1]) if len(rows) > size else ""
    return WorklistPage(rows[:size], next_cursor)


def applicant_name(*, case: Case) -> str:
    if not case.sealed_applicant:
        return ""
    return str(open_json(bytes(case.sealed_applicant), context=case.applicant_context)["name"])


def timeline(*, case: Case) -> list[CaseEvent]:
    return list(case.events.select_related("actor").order_by("at", "pk"))


def notes(*, case: Case) -> list[tuple[CaseNote, str]]:
    """The case's internal notes with their opened text, oldest first."""
    found = case.notes.select_related("author").order_by("at", "pk")
    return [
        (note, str(open_json(bytes(note.sealed_text), context=note.sealing_context)["text"]))
        for note in found
    ]


def attachments(*, case: Case) -> list[Attachment]:
    return attachments_of_submission(submission=case.submission)


def attachment_of_case(*, case: Case, attachment_id: str) -> Attachment | None:
    try:
        wanted = uuid.UUID(str(attachment_id))
    except ValueError:
        return None
    return next((a for a in attachments(case=case) if a.pk == wanted), None)


def colleagues(*, case: Case) -> list[User]:
    """Who a case may be given to: the authority's administration and caseworkers."""
    ids = StaffMembership.objects.filter(
        authority_id=case.authority_id, role__in=("admin", "caseworker")
    ).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("username"))


def citizen_steps(*, case: Case) -> dict[str, str]:
    """The step label the citizen sees for each case status (the status monitor's text)."""
    steps = {step.key: str(step.label) for step in sequence_steps(sequence_for(case.submission))}
    return {status: steps.get(step or "", "") for status, (_s, step) in CITIZEN_STEP.items()}


@dataclass
class QuestionRow:
    """A question asked from the case, with the person's answer once it came."""

    message: Message
    text: str
    answer: Answer | None
    answer_text: str
    answer_files: list[MailboxFile]

    def overdue(self) -> bool:
        due = self.message.answer_due
        return self.answer is None and due is not None and due < timezone.localdate()


def questions(*, case: Case) -> list[QuestionRow]:
    """The questions to the applicant about this case's application, oldest first."""
    found = Message.objects.filter(
        submission_id=case.submission_id, kind=MessageKind.QUESTION
    ).order_by("sent_at", "pk")
    answers = {a.question_id: a for a in Answer.objects.filter(question__in=found)}
    files: dict[uuid.UUID, list[MailboxFile]] = {}
    for stored in MailboxFile.objects.filter(answer__in=answers.values()).order_by("name"):
        files.setdefault(stored.answer_id, []).append(stored)  # type: ignore[arg-type]
    rows = []
    for message in found:
        answer = answers.get(message.pk)
        rows.append(
            QuestionRow(
                message=message,
                text=mailbox.message_content(message=message)["body"],
                answer=answer,
                answer_text=mailbox.answer_text(answer=answer) if answer else "",
                answer_files=files.get(answer.pk, []) if answer else [],
            )
        )
    return rows


def answer_file_of_case(*, case: Case, file_id: str) -> MailboxFile | None:
    """A file the person sent with an answer about this case; None for any other id."""
    try:
        wanted = uuid.UUID(str(file_id))
    except ValueError:
        return None
    return MailboxFile.objects.filter(
        pk=wanted, answer__question__submission_id=case.submission_id
    ).first()


def decisions(*, case: Case) -> list[tuple[Message, FetchReceipt | None]]:
    """The Bescheide sent about this case, each with its fetch receipt once it was opened."""
    found = Message.objects.filter(submission_id=case.submission_id, kind=MessageKind.DECISION)
    return [
        (message, getattr(message, "fetch_receipt", None))
        for message in found.select_related("fetch_receipt").order_by("sent_at", "pk")
    ]
