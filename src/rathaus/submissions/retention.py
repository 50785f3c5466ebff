"""Retention: what Rathaus no longer may keep is removed, on a schedule, with a dry run.

- Drafts: deleted when they expire (`RATHAUS_DRAFT_RETENTION_DAYS` after the last save).
- Applications handed to another system (every delivery done, none to the Rathaus inbox):
  anonymised `RATHAUS_RETENTION_AFTER_DELIVERY_DAYS` after the last delivery.
- Applications worked on in Rathaus: `RATHAUS_RETENTION_AFTER_CLOSING_DAYS` after the case
  was closed they go onto their authority's destruction list; once the authority approved the
  list, they are anonymised (destruction.py).

Anonymised means: the Fachdaten, the contact address and the link to the person are gone;
reference, form, authority, municipality and dates stay for statistics and for the
person's own reference. Failed or pending deliveries keep everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from rathaus.submissions.destruction import (
    destruction_lists_execute,
    destruction_lists_propose,
    submission_anonymise,
)
from rathaus.submissions.models import DeliveryState, Submission, SubmissionStatus
from rathaus.submissions.selectors import drafts_expired
from rathaus.submissions.services import drafts_delete_expired


@dataclass
class RetentionReport:
    dry_run: bool
    drafts: int = 0
    after_delivery: list[str] = field(default_factory=list)
    after_closing: list[str] = field(default_factory=list)
    listed: int = 0  # put on a destruction list in this run
    destroyed: int = 0  # anonymised from approved lists in this run

    def lines(self) -> list[str]:
        verb = "würden" if self.dry_run else "wurden"
        return [
            f"Entwürfe: {self.drafts} {verb} gelöscht.",
            f"Anträge nach Übermittlung: {len(self.after_delivery)} {verb} anonymisiert.",
            f"Anträge nach Abschluss: {len(self.after_closing)} fällig, {self.listed} {verb}"
            f" auf eine Löschliste gesetzt, {self.destroyed} {verb} nach Freigabe anonymisiert.",
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
    for submission_id in due["after_delivery"]:
        submission_anonymise(submission_id=submission_id, now=now)
    report.destroyed = destruction_lists_execute(now=now)
    closing = list(due_after_closing(now).order_by("closed_at"))
    report.listed = destruction_lists_propose(due=closing, now=now)
    return report
