"""The API's request and response bodies (stable English field names)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field


class Problem(Schema):
    """RFC 9457 problem details; `detail` in German, `detail_en` in English."""

    type: str
    title: str
    status: int
    detail: str
    detail_en: str
    reason: str


class LegacyError(Schema):
    """The error body of the public read endpoints (German and English)."""

    error: dict[str, str]


class SearchHit(Schema):
    leika_key: str
    name: str
    url: str


class SearchResults(Schema):
    results: list[SearchHit]


class AttachmentOut(Schema):
    id: uuid.UUID
    field_id: str
    name: str
    content_type: str
    size: int
    sha512: str
    url: str


class SubmissionSummary(Schema):
    id: uuid.UUID
    reference: str
    status: str
    submitted_at: datetime
    form_key: str
    form_version: int
    language: str
    for_organisation: bool
    acknowledged_at: datetime | None
    closed_at: datetime | None
    url: str


class SubmissionDetail(SubmissionSummary):
    data: dict[str, Any]
    attachments: list[AttachmentOut]


class SubmissionList(Schema):
    items: list[SubmissionSummary]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to read on; null when there is nothing more."
    )


class StatusIn(Schema):
    status: Literal["processing", "closed"]
    step: str | None = Field(
        default=None,
        max_length=40,
        description="A step of the service's sequence the citizen sees (status monitor).",
    )


class DecisionOut(Schema):
    message_id: uuid.UUID
    submission: SubmissionSummary
