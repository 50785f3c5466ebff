"""Reads of drafts: only for their owner, only while they have not expired."""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from rathaus.catalog.models import Service
from rathaus.common.crypto import open_json
from rathaus.forms.engine import CompiledForm
from rathaus.forms.models import FormVersion, VersionStatus
from rathaus.forms.selectors import version_definition
from rathaus.submissions.models import Draft, Submission
from rathaus.submissions.owners import Owner

_BY_PK = "SELECT {columns} FROM {table} WHERE {pk} = %s"


def _uuid(value: uuid.UUID | str) -> uuid.UUID | None:
    """An id from a URL, session or form as UUID; None for anything that is not one."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def draft_for_owner(*, draft_id: uuid.UUID | str, owner: Owner) -> Draft | None:
    """The owner's live draft with this id; None for someone else's, unknown or expired one."""
    key = _uuid(draft_id)
    if key is None:
        return None
    return _live_drafts(owner).filter(pk=key).select_related("form_version__form").first()


def draft_of_version(
    *, draft_id: uuid.UUID | str, owner: Owner, version: FormVersion
) -> Draft | None:
    """The owner's live draft with this id of this form version, with `version` attached.

    Every page of a form and its submit have the version in hand (cached per process), so
    it is not joined and read again with each draft.
    """
    key = _uuid(draft_id)
    draft = _draft_by_pk(key) if key is not None else None
    if draft is None or draft.form_version_id != version.pk or not _is_live(draft, owner):
        return None
    draft.form_version = version
    return draft


def drafts_for_owner(*, owner: Owner) -> list[Draft]:
    """The owner's live drafts, most recently saved first (for a "my drafts" page)."""
    return list(_live_drafts(owner).select_related("form_version__form").order_by("-updated_at"))


def _live_drafts(owner: Owner) -> QuerySet[Draft]:
    """The owner's drafts that have not expired: the one rule every read of drafts keeps."""
    return Draft.objects.filter(owner.as_filter(), expires_at__gt=timezone.now())


def _is_live(draft: Draft, owner: Owner) -> bool:
    """The rule of `_live_drafts` for one draft already read."""
    return (
        owner.matches(user_id=draft.owner_user_id, key=draft.owner_key)
        and draft.expires_at > timezone.now()
    )


def _draft_by_pk(key: uuid.UUID) -> Draft | None:
    """One draft by its primary key, whoever owns it: check it with `_is_live` before use.

    Every form page and the submit read their draft: as a primary-key lookup in plain SQL
    (a documented Django API) it costs a fifth of the ORM's filtered query, most of which
    was building and compiling the query (benchmarks/submit_benchmark.py, ADR 0022).
    """
    sql = _draft_by_pk_sql(connection.vendor)
    found = list(Draft.objects.raw(sql, [Draft._meta.pk.get_db_prep_value(key, connection)]))
    return found[0] if found else None


@lru_cache(maxsize=2)
def _draft_by_pk_sql(vendor: str) -> str:
    """The text of `_draft_by_pk`, quoted for the database (`vendor` keys the cache)."""
    meta = Draft._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in meta.concrete_fields)
    # only names from the model go into the text; the id is a parameter
    return _BY_PK.format(columns=columns, table=quote(meta.db_table), pk=quote(str(meta.pk.column)))


def draft_answers(*, draft: Draft) -> dict[str, Any]:
    """The draft's answers, decrypted (raises rathaus.common.crypto.CryptoError if altered)."""
    return open_json(bytes(draft.sealed_answers), context=draft.sealing_context)


def drafts_expired(*, now: datetime | None = None) -> QuerySet[Draft]:
    """Drafts past their retention period, oldest first (for the purge)."""
    return Draft.objects.filter(expires_at__lte=now or timezone.now()).order_by("expires_at")


def application_start_url(service: Service) -> str | None:
    """Where the built-in online application for a service starts (newest published form)."""
    version = (
        FormVersion.objects.filter(form__service=service, status=VersionStatus.PUBLISHED)
        .select_related("form")
        .order_by("-published_at")
        .first()
    )
    return reverse("applications:start", args=[version.form.key]) if version else None


def _sent_by_or_for(*, user_id: int) -> Q:
    """Submissions the person sent, or that were sent for an organisation they belong to."""
    return Q(owner_user_id=user_id) | Q(organisation__memberships__user_id=user_id)


def submission_for_owner(*, submission_id: uuid.UUID | str, owner: Owner) -> Submission | None:
    """The owner's submission with this id; None for anyone else's or an unknown id."""
    wanted = _uuid(submission_id)
    if wanted is None:
        return None
    mine = _sent_by_or_for(user_id=owner.user_id) if owner.user_id else owner.as_filter()
    return (
        Submission.objects.filter(mine, pk=wanted)
        .select_related("form_version__form", "authority", "municipality", "organisation")
        .first()  # one membership per person and organisation: no duplicate rows
    )


def submission_from_draft(*, draft_id: uuid.UUID | str, owner: Owner) -> Submission | None:
    """The owner's submission that a draft became, if it was sent."""
    wanted = _uuid(draft_id)
    if wanted is None:
        return None
    return Submission.objects.filter(owner.as_filter(), draft_id=wanted).first()


def submission_data(*, submission: Submission) -> dict[str, Any]:
    """The decrypted Fachdaten of a submission ({} once anonymised after retention)."""
    if not submission.sealed_data:
        return {}
    return open_json(bytes(submission.sealed_data), context=submission.sealing_context)


@lru_cache(maxsize=64)
def compiled_form(version_id: int) -> CompiledForm:
    """The compiled form of a version; a published version never changes, so it is cached."""
    return CompiledForm.build(version_definition(version=FormVersion.objects.get(pk=version_id)))


def submission_contact(*, submission: Submission) -> str:
    """The e-mail address the sender gave for the confirmation ("" if none)."""
    if not submission.sealed_contact:
        return ""
    contact = open_json(bytes(submission.sealed_contact), context=submission.contact_context)
    return str(contact.get("email", ""))


def submissions_for_owner(*, owner: Owner, limit: int = 100) -> list[Submission]:
    """The owner's submissions, newest first, with form and authority (for "my applications")."""
    return list(
        Submission.objects.filter(owner.as_filter())
        .select_related("form_version__form", "authority")
        .order_by("-submitted_at")[:limit]
    )


def submissions_for_organisation(*, organisation_id: int, limit: int = 100) -> list[Submission]:
    """What was sent for an organisation, by any of its members, newest first."""
    return list(
        Submission.objects.filter(organisation_id=organisation_id)
        .select_related("form_version__form", "authority")
        .order_by("-submitted_at")[:limit]
    )


def submission_find(*, key: str) -> Submission | None:
    """A submission by its id or its reference number (for staff tools, not for citizens)."""
    wanted = _uuid(key)
    found = Submission.objects.filter(pk=wanted).first() if wanted else None
    return found or Submission.objects.filter(reference=key.strip()).first()


def submissions_for_person(*, user_id: int, limit: int = 100) -> list[Submission]:
    """The person's own submissions and those of every organisation they belong to."""
    return list(
        Submission.objects.filter(_sent_by_or_for(user_id=user_id))
        .select_related("form_version__form", "authority", "organisation")
        .order_by("-submitted_at")[:limit]
    )
