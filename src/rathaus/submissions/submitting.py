"""Sending an application: the draft becomes a submission exactly once, with a reference."""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from rathaus.authorities.models import Authority
from rathaus.common.crypto import seal_json
from rathaus.common.pipeline import pipelined
from rathaus.common.reference_template import DEFAULT_TEMPLATE, counter_key, reference_render
from rathaus.forms.web.inputs import file_references
from rathaus.submissions import events, tasks
from rathaus.submissions.attachments.services import attachments_delete, attachments_hand_over
from rathaus.submissions.delivery.outbox import delivery_plan
from rathaus.submissions.models import (
    Attachment,
    Draft,
    DraftResumeToken,
    ReferenceCounter,
    Submission,
    SubmissionStatus,
)
from rathaus.submissions.selectors import compiled_form
from rathaus.territory.models import Region, RegionLevel

_COUNTER_RAISE = (
    'UPDATE {table} SET "last" = "last" + 1 WHERE "scope" = %s AND "year" = %s RETURNING "last"'
)
_DELETE_WHERE = "DELETE FROM {table} WHERE {column} = %s"


def reference_scope(authority: Authority | None) -> str:
    """The region part of a reference: the Kreis key (06611) or the municipality's AGS."""
    region = authority.region if authority else None
    if region is None:
        return "06"
    if region.level == RegionLevel.GEMEINDE:
        return region.ags
    return region.ars


def reference_next(*, scope: str, year: int, template: str = DEFAULT_TEMPLATE) -> str:
    """The next reference number from a template; unique under concurrency.

    The counter (named by the template with the number left open) is raised by one
    UPDATE, which holds the row lock for the rest of the caller's transaction, so two
    submissions never get the same number and no number is skipped. The first number
    creates the row (guarded by its unique constraint when two first submissions meet).
    """
    key = counter_key(template, scope=scope, year=year)
    last = _counter_raise(key, year)
    if last is None:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(scope=key, year=year, last=1)
            last = 1
        except IntegrityError:  # created by a concurrent first submission of the year
            last = _counter_raise(key, year)
    assert last is not None  # the row exists now
    return reference_render(template, scope=scope, year=year, number=last)


def _counter_raise(key: str, year: int) -> int | None:
    """Raise a counter by one and read it in one statement (None: no such counter yet).

    UPDATE … RETURNING, which PostgreSQL and SQLite (3.35+) both run; the ORM's update()
    cannot return the new value, and a second SELECT would cost every submission a query.
    """
    # only the table's name from the model goes into the text; the values are parameters
    sql = _COUNTER_RAISE.format(table=connection.ops.quote_name(ReferenceCounter._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, year])
        row = cursor.fetchone()
    return int(row[0]) if row else None


def submission_create(
    *,
    draft: Draft,
    data: dict[str, Any],
    authority: Authority | None,
    municipality: Region | None,
    contact_email: str = "",
    language: str = "de",
) -> tuple[Submission, bool]:
    """Turn a draft into a submission, or return the one it already became (idempotent).

    The submission, its delivery (outbox row and task), the hand-over of the draft's files
    and the draft's removal commit together; a second call with the same
    draft (double click, back and resend) returns the first submission and `False`.
    """
    submission = _unsaved(draft, data, authority, municipality, contact_email, language)
    keep = {str(ref["id"]) for ref in file_references(data) if "id" in ref}
    try:
        with transaction.atomic():
            # first what needs no reference number: from the counter's UPDATE to the commit
            # every other submission to the same office waits (its row lock), so that comes
            # last; the rows written before it point to the submission by foreign keys,
            # which both databases check at commit (Django declares them deferred)
            if keep or compiled_form(draft.form_version_id).takes_files:
                attachments_hand_over(draft_id=draft.pk, submission=submission, keep=keep)
            with pipelined():  # writes whose results nobody reads: one round trip
                delivery_plan(submission=submission)
                if contact_email:
                    tasks.confirmation_send.enqueue(str(submission.pk))
                _draft_remove(draft.pk)
            submission.reference = reference_next(
                scope=reference_scope(authority),
                year=submission.submitted_at.year,
                template=(authority.reference_template if authority else "") or DEFAULT_TEMPLATE,
            )
            # the unique draft_id refuses a second submission of the same draft here, and
            # everything above rolls back with it (reference number included)
            submission.save(force_insert=True)
            events.submitted(submission)
    except IntegrityError:  # the same draft was sent at the same moment by another request
        return Submission.objects.get(draft_id=draft.pk), False
    return submission, True


def _unsaved(
    draft: Draft,
    data: dict[str, Any],
    authority: Authority | None,
    municipality: Region | None,
    contact_email: str,
    language: str,
) -> Submission:
    """The submission of a draft, answers and contact sealed, not stored yet (no reference)."""
    submission = Submission(
        id=uuid.uuid4(),
        draft_id=draft.pk,
        form_version_id=draft.form_version_id,
        authority=authority,
        municipality=municipality,
        owner_user_id=draft.owner_user_id,
        owner_key=draft.owner_key,
        organisation_id=draft.organisation_id,
        submitted_at=timezone.now(),
        language=language,
    )
    submission.sealed_data = seal_json(data, context=submission.sealing_context)
    if contact_email:
        submission.sealed_contact = seal_json(
            {"email": contact_email}, context=submission.contact_context
        )
    return submission


def _draft_remove(draft_id: uuid.UUID) -> None:
    """Delete the sent draft: its resume links, then its row.

    Its files were handed over or deleted just before, in the same transaction. Django's
    deletion collector would read the row back and look for each kind of dependant again
    while the submit holds the write lock (SQLite); the resume links have no dependants of
    their own and no signal listens for either model, so each is one plain DELETE (ADR 0022).
    On PostgreSQL the submit sends both in its pipeline, with the outbox writes.
    """
    key = Draft._meta.pk.get_db_prep_value(draft_id, connection)
    with connection.cursor() as cursor:
        for sql in _draft_remove_sql(connection.vendor):
            cursor.execute(sql, [key])


@lru_cache(maxsize=2)
def _draft_remove_sql(vendor: str) -> tuple[str, ...]:
    """The statements of `_draft_remove`, each taking the draft's id.

    Built once per database (`vendor` keys the cache), as `selectors._draft_by_pk_sql`;
    only names from the models go into the text.
    """
    quote = connection.ops.quote_name
    return tuple(
        _DELETE_WHERE.format(table=quote(table), column=quote(str(column)))
        for table, column in (
            (DraftResumeToken._meta.db_table, DraftResumeToken.draft.field.column),
            (Draft._meta.db_table, Draft._meta.pk.column),
        )
    )


def submission_delete(*, submission: Submission) -> None:
    """Delete a submission with its deliveries and its files (retention, a withdrawn case)."""
    with transaction.atomic():
        attachments_delete(attachments=Attachment.objects.filter(submission=submission))
        Submission.objects.filter(pk=submission.pk).delete()


def submission_status_set(*, submission: Submission, status: str) -> Submission:
    """Move an application to another step; closing it starts its retention period."""
    if status not in SubmissionStatus.values:
        raise ValueError(f"unknown status {status!r}")
    submission.status = status
    if status == SubmissionStatus.CLOSED:
        submission.closed_at = submission.closed_at or timezone.now()
    else:
        submission.closed_at = None
    submission.save(update_fields=["status", "closed_at"])
    return submission
