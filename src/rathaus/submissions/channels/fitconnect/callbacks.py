"""FIT-Connect callbacks: check who sent them, then attempt the deliveries they name.

The Zustelldienst signs each callback: header `callback-authentication` is the hex
HMAC-SHA512 over `"<callback-timestamp>.<raw body>"` with the destination's callback
secret, `callback-timestamp` the unix time. Older than five minutes, or wrong: ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from rathaus.authorities.models import Authority
from rathaus.submissions import tasks
from rathaus.submissions.delivery.routes import route_of
from rathaus.submissions.models import Delivery, DeliveryState, FitConnectTransfer

logger = logging.getLogger(__name__)

AUTHENTICATION_HEADER = "callback-authentication"
TIMESTAMP_HEADER = "callback-timestamp"
WINDOW_SECONDS = 300
MAX_BODY = 64 * 1024


def callback_authentication(secret: str, timestamp: str, body: bytes) -> str:
    """The hex HMAC-SHA512 a callback sent at `timestamp` carries (senders use it too)."""
    signed = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha512).hexdigest()


def callback_valid(
    *, secret: str, authentication: str, timestamp: str, body: bytes, now: float
) -> bool:
    """Whether the callback is authentic and at most five minutes old (constant-time)."""
    if not secret or not timestamp.isdigit():
        return False
    if abs(now - int(timestamp)) > WINDOW_SECONDS:
        return False
    expected = callback_authentication(secret, timestamp, body)
    return hmac.compare_digest(expected, authentication.strip().lower())


def _submission_ids(body: bytes) -> set[uuid.UUID]:
    """The submissions a (verified) callback names; unreadable entries are skipped."""
    try:
        document: Any = json.loads(body)
    except ValueError:
        return set()
    named = document.get("submissions", []) if isinstance(document, dict) else []
    found = set()
    for entry in named if isinstance(named, list) else []:
        try:
            found.add(uuid.UUID(str(entry.get("submissionId"))))
        except (AttributeError, ValueError):
            continue
    return found


def deliveries_nudge(*, authority: Authority, submission_ids: set[uuid.UUID]) -> int:
    """Attempt now the pending deliveries of this authority behind these submissions."""
    keys = FitConnectTransfer.objects.filter(submission_id__in=submission_ids).values_list(
        "delivery_key", flat=True
    )
    due = Delivery.objects.filter(
        pk__in=list(keys), state=DeliveryState.PENDING, submission__authority=authority
    )
    nudged = 0
    for delivery_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            Delivery.objects.filter(pk=delivery_id).update(next_attempt_at=timezone.now())
            tasks.delivery_attempt.enqueue(str(delivery_id))
        nudged += 1
    return nudged


@csrf_exempt
@require_POST
def callback(request: HttpRequest, authority_id: int) -> HttpResponse:
    """Receive a callback for one authority's FIT-Connect route: 200 if authentic, else 401."""
    authority = Authority.objects.filter(pk=authority_id).first()
    route = route_of(authority)
    secret = str(route.settings.get("callback_secret", "")) if route else ""
    body = request.body  # Django refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE itself
    valid = 0 < len(body) <= MAX_BODY and callback_valid(
        secret=secret if route and route.channel == "fitconnect" else "",
        authentication=request.headers.get(AUTHENTICATION_HEADER, ""),
        timestamp=request.headers.get(TIMESTAMP_HEADER, ""),
        body=body,
        now=timezone.now().timestamp(),
    )
    if not valid or authority is None:
        logger.warning("FIT-Connect-Rückruf für Behörde %s abgewiesen", authority_id)
        return HttpResponse(status=401)
    nudged = deliveries_nudge(authority=authority, submission_ids=_submission_ids(body))
    logger.info("FIT-Connect-Rückruf: %s Übermittlungen angestoßen", nudged)
    return HttpResponse(status=200)
