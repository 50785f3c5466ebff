"""Writing generated cases: COPY in chunks of rows into the four tables, counters moved on.

COPY streams rows without a statement per row; a million cases take minutes. Every row is a
real one: each submission's answers and each case's applicant name are sealed with their own
data key under their own context (they open in the case view), the name's blind-index words
are computed with `blind_index`, the foreign keys are checked by the database at commit.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Field, Model

from rathaus.casework.generator import GENERATED_OWNER
from rathaus.casework.generator.names import applicant_digests
from rathaus.casework.generator.rows import CaseRow, Counters
from rathaus.casework.generator.world import World
from rathaus.casework.models import ApplicantToken, Case, CaseEvent, CaseEventKind, CaseStatus
from rathaus.casework.selectors import CITIZEN_STEP
from rathaus.common.crypto import seal_json
from rathaus.common.reference_template import counter_key
from rathaus.submissions.models import ReferenceCounter, Submission, SubmissionStatus

M = TypeVar("M", bound=Model)
CHUNK = 5000
SUBMISSION_FIELDS = (
    "id",
    "reference",
    "form_version",
    "authority",
    "municipality",
    "draft_id",
    "owner_key",
    "sealed_data",
    "status",
    "submitted_at",
    "language",
    "sealed_contact",
    "closed_at",
)
CASE_FIELDS = (
    "id",
    "submission",
    "authority",
    "service",
    "reference",
    "status",
    "assignee",
    "team",
    "received_at",
    "due_at",
    "closed_at",
    "result",
    "sealed_applicant",
)
TOKEN_FIELDS = ("case", "digest", "received_at")
EVENT_FIELDS = ("case", "kind", "at", "actor", "details")


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column, name
    return connection.ops.quote_name(field.column)


def _copy_sql(model: type[Model], fields: tuple[str, ...]) -> str:
    columns = ", ".join(_column(model, name) for name in fields)
    return f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"


def _submission_status(row: CaseRow) -> str:
    citizen = CITIZEN_STEP[row.status][0]
    return str(citizen) if citizen else SubmissionStatus.DELIVERED


def _shell(model: type[M], pk: uuid.UUID) -> M:
    """An unsaved instance with only its id, for its sealing context (no __init__: a million
    of them would cost a minute)."""
    shell = model.__new__(model)
    shell.__dict__["id"] = pk
    return shell


def _submission(row: CaseRow) -> tuple[Any, ...]:
    shell = _shell(Submission, row.submission_id)
    answers = {"vorname": row.given, "familienname": row.family}
    closed = row.status_at if row.status == CaseStatus.CLOSED else None
    return (
        row.submission_id,
        row.reference,
        row.service.form_version_id,
        row.authority.authority_id,
        row.authority.region_id,
        row.case_id,  # the draft it came from is gone; any unique id stands for it
        GENERATED_OWNER,
        seal_json(answers, context=shell.sealing_context),
        _submission_status(row),
        row.received_at,
        "de",
        b"",
        closed,
    )


def _case(row: CaseRow) -> tuple[Any, ...]:
    shell = _shell(Case, row.case_id)
    closed = row.status_at if row.status == CaseStatus.CLOSED else None
    return (
        row.case_id,
        row.submission_id,
        row.authority.authority_id,
        row.service.service_id,
        row.reference,
        row.status,
        row.assignee_id,
        row.team_id,
        row.received_at,
        row.due_at,
        closed,
        row.result,
        seal_json({"name": row.applicant}, context=shell.applicant_context),
    )


def _events(row: CaseRow) -> Iterator[tuple[Any, ...]]:
    yield row.case_id, CaseEventKind.OPENED, row.received_at, None, "{}"
    if row.status_at is not None:
        step = CITIZEN_STEP[row.status][1]
        details = {"before": CaseStatus.NEW.value, "after": row.status, "step": step}
        yield row.case_id, CaseEventKind.STATUS, row.status_at, row.assignee_id, json.dumps(details)


def _tokens(row: CaseRow) -> Iterator[tuple[Any, ...]]:
    for digest in applicant_digests(row.applicant):
        yield row.case_id, digest, row.received_at


TABLES: tuple[tuple[type[Model], tuple[str, ...], Callable[[CaseRow], Iterable[Any]]], ...] = (
    (Submission, SUBMISSION_FIELDS, lambda row: [_submission(row)]),
    (Case, CASE_FIELDS, lambda row: [_case(row)]),
    (ApplicantToken, TOKEN_FIELDS, _tokens),
    (CaseEvent, EVENT_FIELDS, _events),
)


def _prepared(rows: Iterable[CaseRow]) -> Iterator[list[list[tuple[Any, ...]]]]:
    """Per chunk of cases, the rows of each table (sealing is most of the work)."""
    source = iter(rows)
    while chunk := list(islice(source, CHUNK)):
        yield [[values for row in chunk for values in make(row)] for _m, _f, make in TABLES]


def rows_copy(rows: Iterable[CaseRow], *, progress: Callable[[int], None]) -> int:
    """COPY the cases with their submissions, index words and timeline; returns how many.

    A second thread prepares the next chunk while this one waits for the database to take
    the last, so Python and PostgreSQL work at the same time. The caller holds the
    transaction: the foreign keys (deferred) are checked at its commit.
    """
    done = 0
    chunks = _prepared(rows)
    with ThreadPoolExecutor(max_workers=1) as pool, connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor: COPY is not in the DB-API
        pending = pool.submit(next, chunks, None)
        while (tables := pending.result()) is not None:
            pending = pool.submit(next, chunks, None)
            for (model, fields, _make), table_rows in zip(TABLES, tables, strict=True):
                with cursor.copy(_copy_sql(model, fields)) as copy:
                    for values in table_rows:
                        copy.write_row(values)
            done += len(tables[1])
            progress(done)
    return done


def counters_load(world: World, years: range) -> dict[tuple[str, int], int]:
    """The last number each real counter the cases will draw from handed out (0 if none)."""
    keys = {
        (counter_key(plan.template, scope=plan.scope, year=year), year)
        for plan in world.authorities
        for year in years
    }
    found = ReferenceCounter.objects.filter(scope__in={key for key, _year in keys})
    last = {(row.scope, row.year): row.last for row in found}
    return {key: last.get(key, 0) for key in keys}


def counters_save(counters: Counters) -> None:
    """Move the real counters past the generated numbers, so real submissions follow on."""
    for (key, year), last in counters.last.items():
        ReferenceCounter.objects.update_or_create(scope=key, year=year, defaults={"last": last})


def constraints_check() -> None:
    """Check the deferred foreign keys of every copied row now, not only at commit.

    The rows are valid by construction; this proves it inside the transaction (a test's
    transaction never commits) and fails the run with PostgreSQL's own message if not.
    Then back to deferred, as Django declares them: the submit relies on that.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checks what is pending, now
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def tables_analyse() -> None:
    """VACUUM ANALYZE the filled tables, as autovacuum would later (ANALYZE alone inside a
    transaction, where VACUUM cannot run).

    Fresh statistics let the planner see the new sizes at once; the visibility map lets it
    answer from indexes alone.
    """
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in (Submission, Case, ApplicantToken, CaseEvent):
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
