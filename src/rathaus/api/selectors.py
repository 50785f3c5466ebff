"""Reads of the API: a token's client, an authority's applications page by page."""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Q

from rathaus.api.models import ApiClient
from rathaus.api.services import token_hash
from rathaus.submissions.models import Submission


class BadCursor(ValueError):
    """The cursor is not one this API handed out."""


@dataclass(frozen=True)
class Page:
    items: list[Submission]
    next_cursor: str | None


def api_client_for_token(*, token: str) -> ApiClient | None:
    """The active client whose token this is; None for an unknown or revoked one."""
    if not token or len(token) > 200:
        return None
    return (
        ApiClient.objects.select_related("authority")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )


def _authority_submissions(client: ApiClient) -> Q:
    return Q(authority_id=client.authority_id, anonymised_at__isnull=True)


def submission_of_client(*, client: ApiClient, submission_id: uuid.UUID) -> Submission | None:
    """The application if it belongs to the client's authority, else None (404, not 403)."""
    return (
        Submission.objects.filter(_authority_submissions(client), pk=submission_id)
        .select_related("form_version__form", "api_acknowledgement")
        .first()
    )


def cursor_encode(submission: Submission) -> str:
    raw = f"{submission.submitted_at.isoformat()}|{submission.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_decode(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, _sep, key = raw.partition("|")
        when = datetime.fromisoformat(moment)
        if when.tzinfo is None:
            raise ValueError("naive")
        return when, uuid.UUID(key)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise BadCursor(str(error)) from error


def submissions_page(
    *,
    client: ApiClient,
    status: str | None = None,
    since: datetime | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page:
    """The authority's applications oldest first, keyset-paged by (submitted_at, id)."""
    query = Submission.objects.filter(_authority_submissions(client))
    if status:
        query = query.filter(status=status)
    if since is not None:
        # a time without zone is taken as UTC
        query = query.filter(submitted_at__gte=since if since.tzinfo else since.replace(tzinfo=UTC))
    if cursor:
        when, key = cursor_decode(cursor)
        query = query.filter(Q(submitted_at__gt=when) | Q(submitted_at=when, pk__gt=key))
    rows = list(
        query.select_related("form_version__form", "api_acknowledgement").order_by(
            "submitted_at", "pk"
        )[: limit + 1]
    )
    more = len(rows) > limit
    items = rows[:limit]
    return Page(items, cursor_encode(items[-1]) if more and items else None)
