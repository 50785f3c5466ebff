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
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from rathaus.authorities.models import Authority, StaffMembership
from rathaus.authorities.selectors import staff_roles
from rathaus.casework.blind_index import name_words
from rathaus.casework.models import (
    Case,
    CaseEvent,
    CaseNote,
    CaseStatus,
    Team,
)
from rathaus.casework.models.cases import OPEN
from rathaus.casework.name_search import Cursor, Part, by_name
from rathaus.catalog.models import Service
from rathaus.common.crypto import open_json
from rathaus.common.process_cache import ProcessCache
from rathaus.mailbox import selectors as mailbox
from rathaus.mailbox.models import Answer, FetchReceipt, MailboxFile, Message, MessageKind
from rathaus.mailbox.status import sequence_for, sequence_steps
from rathaus.submissions.attachments.selectors import attachments_of_submission
from rathaus.submissions.models import Attachment, Submission, SubmissionStatus

PAGE_SIZE = 25
LIST_ORDER = ("-received_at", "-pk")
# what a worklist row needs: no form definitions, no sealed answers (26 of them cost more
# than the query), no joins beyond service and assignee (each join adds planning time)
LIST_FIELDS = (
    "submission",
    "service__name",
    "assignee__username",
    "reference",
    "status",
    "received_at",
    "due_at",
    "sealed_applicant",
)
_SKIP_SCAN = """
WITH RECURSIVE found (authority_id, service_id) AS (
    SELECT a.id, (SELECT MIN(c.service_id) FROM {case} c WHERE c.authority_id = a.id)
    FROM {authority} a {scope}
    UNION ALL
    SELECT f.authority_id, (
        SELECT MIN(c.service_id) FROM {case} c
        WHERE c.authority_id = f.authority_id AND c.service_id > f.service_id
    )
    FROM found f WHERE f.service_id IS NOT NULL
)
SELECT DISTINCT f.service_id, (SELECT s.name FROM {service} s WHERE s.id = f.service_id) AS name
FROM found f WHERE f.service_id IS NOT NULL
ORDER BY name, f.service_id
"""
TABS = ("new", "mine", "team", "overdue", "all")
_CASE_SERVICES: ProcessCache[list[tuple[int, str]]] = ProcessCache("catalog.Service", maxsize=256)
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
    # what the list shows as each case's service: its name, else its form's title
    titles: dict[uuid.UUID, str] = field(default_factory=dict)


def _tab(cases: QuerySet[Case], tab: str, user: StaffUser) -> QuerySet[Case]:
    if tab == "new":
        return cases.filter(status=CaseStatus.NEW)
    if tab == "mine":
        return cases.filter(OPEN, assignee_id=user.pk)
    if tab == "team":
        # the team ids first (a handful): the page then reads the open cases' index, newest
        # first, instead of joining every case to the team memberships
        teams = Team.members.through.objects.filter(user_id=user.pk or 0).values_list("team_id")
        return cases.filter(OPEN, team_id__in=[team_id for (team_id,) in teams])
    if tab == "overdue":
        return cases.filter(OPEN, due_at__lt=timezone.now())
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
    return cases


def _searched(cases: QuerySet[Case], text: str, after: Cursor | None) -> list[Part]:
    """A search is a reference prefix or all name words (blind index): lists to merge.

    One query with "prefix OR words" cannot use an index for either side and reads every
    case of the list; each side alone is one index range, and the newest rows of the two
    merged are the newest of their union.
    """
    text = text.strip()
    if not text:
        return [Part(cases, LIST_ORDER)]
    by_reference = Part(cases.filter(reference__istartswith=text), LIST_ORDER)
    # a text with a digit is a reference: names have none, references always do
    words = set() if any(char.isdigit() for char in text) else name_words(text)
    return [by_reference, *by_name(cases, words, after)] if words else [by_reference]


def cursor_make(case: Case) -> str:
    return signing.dumps([case.received_at.isoformat(), str(case.pk)], salt=_CURSOR_SALT)


def _cursor_read(cursor: str) -> Cursor | None:
    if not cursor:
        return None
    try:
        moment, case_id = signing.loads(cursor, salt=_CURSOR_SALT)
        return datetime.fromisoformat(moment), uuid.UUID(case_id)
    except (signing.BadSignature, ValueError, TypeError):
        return None  # a changed or foreign cursor: the first page


def _after(cases: QuerySet[Case], after: Cursor | None) -> QuerySet[Case]:
    """The cases after the cursor's, in list order.

    `received_at <= moment` bounds the index range, so a page deep in the list costs what
    the first does; the OR only decides among the cases received at that very moment.
    """
    if after is None:
        return cases
    moment, case_id = after
    return cases.filter(received_at__lte=moment).filter(
        Q(received_at__lt=moment) | Q(pk__lt=case_id)
    )


def _rows(part: Part, size: int) -> list[Case]:
    cases = part.cases.select_related("service", "assignee").only(*LIST_FIELDS)
    return list(cases.order_by(*part.order)[:size])


def _titles(cases: list[Case]) -> dict[uuid.UUID, str]:
    """The service's name, or for a case without a service its form's title (one query, and
    only then: the form's tables stay out of the list's query)."""
    titles = {case.pk: case.service.name for case in cases if case.service is not None}
    untitled = [case.submission_id for case in cases if case.service is None]
    if untitled:
        forms = dict(
            Submission.objects.filter(pk__in=untitled).values_list(
                "pk", "form_version__form__title"
            )
        )
        titles |= {c.pk: forms[c.submission_id] for c in cases if c.service is None}
    return titles


def worklist(*, user: StaffUser, query: WorklistQuery, size: int = PAGE_SIZE) -> WorklistPage:
    """One page of a worklist tab with its filters, newest first, and the next page's cursor."""
    after = _cursor_read(query.cursor)
    cases = _after(_filters(_tab(visible_cases(user=user), query.tab, user), query), after)
    parts = _searched(cases, query.search, after)
    found = {case.pk: case for part in parts for case in _rows(part, size + 1)}
    rows = sorted(found.values(), key=lambda case: (case.received_at, case.pk), reverse=True)
    next_cursor = cursor_make(rows[size - 1]) if len(rows) > size else ""
    return WorklistPage(rows[:size], next_cursor, _titles(rows[:size]))


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def worklist_services(*, user: StaffUser) -> list[tuple[int, str]]:
    """The services the account's cases are for (the worklist's service filter), by name.

    Kept a minute per set of authorities (common/process_cache.py): a service's first case
    shows in the filter within a minute, a renamed service at once.
    """
    authorities = None if is_operator(user) else sorted(staff_roles(user=user))
    if authorities == []:
        return []
    key = "all" if authorities is None else tuple(authorities)
    return _CASE_SERVICES.get(key, lambda: _case_services(authorities))


def _case_services(authorities: list[int] | None) -> list[tuple[int, str]]:
    """A skip scan: per authority, the next larger service id from the index on (authority,
    service) — a few index probes instead of reading every case. A recursive CTE, which
    PostgreSQL and SQLite both run; each name is read by primary key (a join would read the
    whole catalogue for a handful of services)."""
    params = authorities or []
    scope = "" if authorities is None else "WHERE a.id IN (" + ", ".join(["%s"] * len(params)) + ")"
    # only table names from the models and placeholders go into the text; ids are parameters
    sql = _SKIP_SCAN.format(
        case=_table(Case), authority=_table(Authority), service=_table(Service), scope=scope
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(pk), str(name)) for pk, name in cursor.fetchall()]


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
