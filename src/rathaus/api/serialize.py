"""Applications as the API shows them."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest
from django.urls import reverse

from rathaus.submissions.attachments.selectors import attachments_of_submission
from rathaus.submissions.models import Submission
from rathaus.submissions.selectors import submission_data


def summary(request: HttpRequest, submission: Submission) -> dict[str, Any]:
    try:
        acknowledged = submission.api_acknowledgement.acknowledged_at
    except ObjectDoesNotExist:
        acknowledged = None
    return {
        "id": submission.pk,
        "reference": submission.reference,
        "status": submission.status,
        "submitted_at": submission.submitted_at,
        "form_key": submission.form_version.form.key,
        "form_version": submission.form_version.number,
        "language": submission.language,
        "for_organisation": submission.organisation_id is not None,
        "acknowledged_at": acknowledged,
        "closed_at": submission.closed_at,
        "url": request.build_absolute_uri(
            reverse("api:submission", kwargs={"submission_id": submission.pk})
        ),
    }


def detail(request: HttpRequest, submission: Submission) -> dict[str, Any]:
    attachments = attachments_of_submission(submission=submission)
    return {
        **summary(request, submission),
        "data": submission_data(submission=submission),
        "attachments": [
            {
                "id": a.pk,
                "field_id": a.field_id,
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "sha512": a.sha512,
                "url": request.build_absolute_uri(
                    reverse(
                        "api:attachment",
                        kwargs={"submission_id": submission.pk, "attachment_id": a.pk},
                    )
                ),
            }
            for a in attachments
        ],
    }


def disposition(name: str) -> str:
    """Content-Disposition attachment with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("\\", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
