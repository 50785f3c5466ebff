"""The Fachverfahren's endpoints: an authority's applications, status, receipt, decision."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from rathaus.api import serialize
from rathaus.api.auth import ClientToken, client_of
from rathaus.api.models import Scope
from rathaus.api.problems import problem
from rathaus.api.schemas import (
    DecisionOut,
    Problem,
    StatusIn,
    SubmissionDetail,
    SubmissionList,
    SubmissionSummary,
)
from rathaus.api.selectors import BadCursor, submission_of_client, submissions_page
from rathaus.api.services import (
    ApiConflict,
    submission_acknowledge,
    submission_decide,
    submission_status_update,
)
from rathaus.mailbox.files import IncomingFile
from rathaus.mailbox.refusals import MailboxRefused
from rathaus.submissions.attachments.selectors import (
    attachment_content,
    attachments_of_submission,
)
from rathaus.submissions.attachments.services import AttachmentRefused
from rathaus.submissions.models import Submission, SubmissionStatus

router = Router(tags=["Anträge / submissions"])
READ = ClientToken(Scope.SUBMISSIONS_READ)
WRITE = ClientToken(Scope.SUBMISSIONS_WRITE)
DECIDE = ClientToken(Scope.DECISIONS_WRITE)
REFUSALS: dict[int | str, Any] = {401: Problem, 403: Problem, 404: Problem, 400: Problem}


class ListFilter(Schema):
    status: SubmissionStatus | None = None
    since: datetime | None = Field(default=None, description="submitted at or after")
    cursor: str | None = Field(default=None, max_length=200)
    limit: int = Field(default=50, ge=1, le=100)


def _submission(request: HttpRequest, submission_id: uuid.UUID) -> Submission:
    found = submission_of_client(client=client_of(request), submission_id=submission_id)
    if found is None:
        raise Http404
    return found


@router.get("", auth=READ, url_name="submissions", response={200: SubmissionList, **REFUSALS})
def submission_list(request: HttpRequest, filters: Query[ListFilter]) -> Any:
    """The authority's applications, oldest first, at most `limit` (≤ 100) per page."""
    try:
        page = submissions_page(
            client=client_of(request),
            status=filters.status,
            since=filters.since,
            cursor=filters.cursor,
            limit=filters.limit,
        )
    except BadCursor:
        return problem(request, 400, "cursor")
    return {
        "items": [serialize.summary(request, s) for s in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get(
    "{submission_id}",
    auth=READ,
    url_name="submission",
    response={200: SubmissionDetail, **REFUSALS},
)
def submission_detail(request: HttpRequest, submission_id: uuid.UUID) -> Any:
    """Metadata, the form data (keys are the form's element ids) and the attachment list."""
    return serialize.detail(request, _submission(request, submission_id))


@router.get(
    "{submission_id}/attachments/{attachment_id}",
    auth=READ,
    url_name="attachment",
    response={200: bytes, **REFUSALS},
)
def attachment_file(
    request: HttpRequest, submission_id: uuid.UUID, attachment_id: uuid.UUID
) -> HttpResponse:
    """The attachment's bytes, as a download."""
    submission = _submission(request, submission_id)
    found = [a for a in attachments_of_submission(submission=submission) if a.pk == attachment_id]
    if not found:
        raise Http404
    response = HttpResponse(attachment_content(attachment=found[0]), found[0].content_type)
    response["Content-Disposition"] = serialize.disposition(found[0].name)
    response["X-Content-SHA512"] = found[0].sha512
    return response


@router.post(
    "{submission_id}/acknowledge",
    auth=WRITE,
    url_name="acknowledge",
    response={200: SubmissionSummary, **REFUSALS},
)
def acknowledge(request: HttpRequest, submission_id: uuid.UUID) -> Any:
    """The Fachverfahren has taken the application over (idempotent): processing."""
    submission = _submission(request, submission_id)
    submission_acknowledge(client=client_of(request), submission=submission)
    return serialize.summary(
        request,
        submission_of_client(client=client_of(request), submission_id=submission_id) or submission,
    )


@router.post(
    "{submission_id}/status",
    auth=WRITE,
    url_name="status",
    response={200: SubmissionSummary, **REFUSALS},
)
def status(request: HttpRequest, submission_id: uuid.UUID, body: StatusIn) -> Any:
    """Set processing or closed, and optionally a step of the citizen's status monitor."""
    submission = _submission(request, submission_id)
    try:
        submission_status_update(
            client=client_of(request), submission=submission, status=body.status, step=body.step
        )
    except MailboxRefused as refusal:
        return problem(request, 400, "invalid", detail=refusal.message)
    return serialize.summary(request, submission)


@router.post(
    "{submission_id}/decision",
    auth=DECIDE,
    url_name="decision",
    response={200: DecisionOut, 409: Problem, 413: Problem, 415: Problem, **REFUSALS},
)
def decision(
    request: HttpRequest,
    submission_id: uuid.UUID,
    pdf: File[UploadedFile],
    subject: Form[str],
    body: Form[str],
) -> Any:
    """Put the decision (a PDF) into the applicant's Postfach and close the application."""
    submission = _submission(request, submission_id)
    if (pdf.size or 0) > settings.RATHAUS_UPLOAD_MAX_MB * 1024 * 1024:
        return problem(request, 413, "too_large")
    data = pdf.read()
    if not data.startswith(b"%PDF-"):
        return problem(request, 415, "not_pdf")
    try:
        message = submission_decide(
            client=client_of(request),
            submission=submission,
            subject=subject,
            body=body,
            pdf=IncomingFile(pdf.name or "Bescheid.pdf", data),
        )
    except ApiConflict as conflict:
        return problem(request, 409, conflict.reason)
    except MailboxRefused as refusal:
        return problem(request, 400, "invalid", detail=refusal.message)
    except AttachmentRefused as refusal:
        return problem(request, 415, "not_pdf", detail=refusal.message)
    return {"message_id": message.pk, "submission": serialize.summary(request, submission)}
