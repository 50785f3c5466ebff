"""Retention: what Rathaus no longer may keep is removed, on a schedule, with a dry run.

- Drafts: deleted when they expire (`RATHAUS_DRAFT_RETENTION_DAYS` after the last save).
- Applications handed to another system (every delivery done, none to the Rathaus inbox):
  anonymised `RATHAUS_RETENTION_AFTER_DELIVERY_DAYS` after the last delivery.
- Applications worked on in Rathaus: anonymised `RATHAUS_RETENTION_AFTER_CLOSING_DAYS`
  after the case was closed.

Anonymised means: the Fachdaten, the contact address and the link to the person are gone;
reference, form, authority, municipality and dates stay for statistics and for the
person's own reference. Failed or pending deliveries keep everything.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from rathaus.submissions import events
from rathaus.submissions.attachments.services import attachments_delete
from rathaus.submissions.models import Attachment, DeliveryState, Submission, SubmissionStatus
from rathaus.submissions.selectors import drafts_expired
from rathaus.submissions.services import drafts_delete_expired


@dataclass
class RetentionReport:
    dry_run: bool
    drafts: int = 0
    after_delivery: list[str] = field(default_factory=list)
    after_closing: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        verb = "würden" if self.dry_run else "wurden"
        return [
            f"Entwürfe: {self.drafts} {verb} gelöscht.",
            f"Anträge nach Übermittlung: {len(self.after_delivery)} {verb} anonymisiert.",
            f"Anträge nach Abschluss: {len(self.after_closing)} {verb} anonymisiert.",
        ]


def due_after_delivery(now: datetime) -> QuerySet[Submission]:
    """Applications delivered to another system longer ago than the retention period."""
    cutoff = now - timedelta(days=settings.RATHAUS_RETENTION_AFTER_DELIVERY_DAYS)
    return (
        Submission.objects.filter(anonymised_at__isnull=True)
        .annotate(
            total=Count("deliveries"),
            open=Count("deliveries", filter=~Q(deliveries__state=DeliveryState.DELIVERED)),
            inbox=Count("deliveries", filter=Q(deliveries__channel="inbox")),
            last=Max("deliveries__delivered_at"),
        )
        .filter(total__gt=0, open=0, inbox=0, last__lt=cutoff)
    )


def due_after_closing(now: datetime) -> QuerySet[Submission]:
    """Applications whose case was closed longer ago than the retention period."""
    cutoff = now - timedelta(days=settings.RATHAUS_RETENTION_AFTER_CLOSING_DAYS)
    return Submission.objects.filter(
        anonymised_at__isnull=True, status=SubmissionStatus.CLOSED, closed_at__lt=cutoff
    )


def submission_anonymise(*, submission_id: uuid.UUID, now: datetime) -> bool:
    """Remove a submission's personal data and files; False if it was done already."""
    with transaction.atomic():
        done = Submission.objects.filter(pk=submission_id, anonymised_at__isnull=True).update(
            sealed_data=b"",
            sealed_contact=b"",
            owner_user=None,
            owner_key="",
            anonymised_at=now,
        )
        if done:
            attachments_delete(attachments=Attachment.objects.filter(submission_id=submission_id))
            events.anonymised(submission_id)
    return bool(done)


def retention_apply(*, now: datetime | None = None, dry_run: bool = False) -> RetentionReport:
    """Apply (or, with dry_run, only report) every retention rule."""
    now = now or timezone.now()
    report = RetentionReport(dry_run=dry_run)
    due = {
        "after_delivery": dict(due_after_delivery(now).values_list("pk", "reference")),
        "after_closing": dict(due_after_closing(now).values_list("pk", "reference")),
    }
    report.after_delivery = list(due["after_delivery"].values())
    report.after_closing = list(due["after_closing"].values())
    if dry_run:
        report.drafts = drafts_expired(now=now).count()
        return report
    report.drafts = drafts_delete_expired(now=now)
    for submission_id in [*due["after_delivery"], *due["after_closing"]]:
        submission_anonymise(submission_id=submission_id, now=now)
    return report
