"""The transactional outbox: plan a delivery with the submission, attempt it, retry, resend.

A delivery row is written in the submission's own transaction, together with the task
that will attempt it (the task queue lives in the same database). An attempt claims the
row with a conditional UPDATE — a lease — so two workers never send the same delivery at
the same time; a worker that dies leaves a lease that expires, and the sweep plans the
delivery again. The receiver sees the delivery's id as idempotency key on every attempt,
so an attempt repeated after a crash is recognised there and not counted twice.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

# tasks.py imports this module too; the module reference resolves at call time
from rathaus.submissions import tasks
from rathaus.submissions.delivery.base import DeliveryRefused, Handover
from rathaus.submissions.delivery.package import package_for
from rathaus.submissions.delivery.registry import DEFAULT_CHANNEL, channel_get
from rathaus.submissions.delivery.routes import route_channel, route_of
from rathaus.submissions.models import Delivery, DeliveryState, Submission, SubmissionStatus

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)


def lease() -> timedelta:
    """How long an attempt holds a delivery: longer than any channel may take."""
    return timedelta(seconds=settings.RATHAUS_DELIVERY_LEASE_SECONDS)


def sweep_grace() -> timedelta:
    """How late a due delivery may be before the sweep plans it again."""
    return timedelta(seconds=settings.RATHAUS_DELIVERY_SWEEP_SECONDS)


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: 30 s, 1 min, 2 min, … at most one hour."""
    wait: timedelta = FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 16)
    return min(wait, LONGEST_WAIT)


def delivery_plan(*, submission: Submission) -> Delivery:
    """Write the outbox row and its task; call inside the submission's transaction."""
    # only the channel: the sealed settings are opened by the attempt, not on the submit path
    delivery = Delivery.objects.create(
        submission=submission,
        channel=route_channel(submission.authority) or DEFAULT_CHANNEL,
        next_attempt_at=submission.submitted_at,
    )
    tasks.delivery_attempt.enqueue(str(delivery.pk))
    return delivery


def _claim(delivery_id: uuid.UUID, now: datetime) -> bool:
    """Take the lease on a due delivery; False if it is not due, done or held by another."""
    free = Q(lease_until__isnull=True) | Q(lease_until__lte=now)
    claimed = (
        Delivery.objects.filter(free, pk=delivery_id, state=DeliveryState.PENDING)
        .filter(next_attempt_at__lte=now)
        .update(lease_until=now + lease(), attempts=F("attempts") + 1)
    )
    return claimed == 1


def delivery_attempt(delivery_id: uuid.UUID, *, now: datetime | None = None) -> str:
    """Try one delivery once; returns what happened: delivered, retry, failed or skipped."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return "skipped"
    delivery = Delivery.objects.select_related("submission__authority").get(pk=delivery_id)
    channel = channel_get(delivery.channel)
    try:
        if channel is None:
            raise DeliveryRefused(f"Übermittlungsweg {delivery.channel!r} ist nicht verfügbar.")
        route = route_of(delivery.submission.authority)
        handover = channel.deliver(package_for(delivery), route.settings if route else {})
    except DeliveryRefused as refused:
        return _failed(delivery, now, str(refused))
    except Exception as error:  # any other failure: the receiver may accept it later
        logger.warning("Übermittlung %s fehlgeschlagen: %r", delivery.pk, error)
        return _retry(delivery, now, f"{type(error).__name__}: {error}")
    return _delivered(delivery, now, handover)


def _delivered(delivery: Delivery, now: datetime, handover: Handover) -> str:
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.DELIVERED,
            delivered_at=now,
            lease_until=None,
            last_error="",
            receiver_reference=handover.receiver_reference[:200],
        )
        waiting = Delivery.objects.filter(submission_id=delivery.submission_id).exclude(
            state=DeliveryState.DELIVERED
        )
        if not waiting.exists():
            Submission.objects.filter(
                pk=delivery.submission_id, status=SubmissionStatus.RECEIVED
            ).update(status=SubmissionStatus.DELIVERED)
    return "delivered"


def _retry(delivery: Delivery, now: datetime, error: str) -> str:
    budget = timedelta(hours=settings.RATHAUS_DELIVERY_RETRY_HOURS)
    attempts = delivery.attempts  # already counted by the claim
    later = now + backoff(attempts)
    if later > delivery.created_at + budget:
        return _failed(delivery, now, error)
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            next_attempt_at=later, lease_until=None, last_error=error[:2000]
        )
        tasks.delivery_attempt.using(run_after=later).enqueue(str(delivery.pk))
    return "retry"


def _failed(delivery: Delivery, now: datetime, error: str) -> str:
    logger.error("Übermittlung %s endgültig fehlgeschlagen: %s", delivery.pk, error)
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.FAILED, lease_until=None, last_error=error[:2000]
    )
    return "failed"


def delivery_resend(*, delivery: Delivery, now: datetime | None = None) -> bool:
    """Plan a failed delivery again with a fresh retry budget (an administrator's action)."""
    now = now or timezone.now()
    with transaction.atomic():
        resent = Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.FAILED).update(
            state=DeliveryState.PENDING,
            attempts=0,
            created_at=now,
            next_attempt_at=now,
            lease_until=None,
        )
        if resent:
            tasks.delivery_attempt.enqueue(str(delivery.pk))
    return resent == 1


def deliveries_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Plan again what is overdue: deliveries whose task or worker was lost in a crash."""
    now = now or timezone.now()
    overdue = now - sweep_grace()
    candidates = Delivery.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lte=now),
        Q(swept_at__isnull=True) | Q(swept_at__lte=overdue),
        state=DeliveryState.PENDING,
        next_attempt_at__lte=overdue,
    )
    planned = 0
    for delivery_id, swept_at in candidates.values_list("pk", "swept_at")[:limit]:
        with transaction.atomic():  # compare-and-set: one sweeper plans each delivery
            if Delivery.objects.filter(pk=delivery_id, swept_at=swept_at).update(swept_at=now):
                tasks.delivery_attempt.enqueue(str(delivery_id))
                planned += 1
    return planned
