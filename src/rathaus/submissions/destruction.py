"""Retention at closing: a destruction list per authority and month, reviewed, approved,
then carried out — every step on the audit trail.

Closed applications past `RATHAUS_RETENTION_AFTER_CLOSING_DAYS` are not anonymised at once:
the retention run puts them on their authority's list for the month (`proposed`). The
authority's administration reviews it and may keep an application, with a reason (a pending
appeal, a legal hold); then it approves the list. The next retention run anonymises what is
on an approved list and not kept, and the list is `done`. A kept application comes up again
on a later list.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from rathaus.audit.models import AuditAction
from rathaus.audit.services import Actor, actor_of, audit_record
from rathaus.submissions import events
from rathaus.submissions.attachments.services import attachments_delete
from rathaus.submissions.models import (
    Attachment,
    DestructionItem,
    DestructionList,
    DestructionListState,
    Submission,
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
            events.anonymised(submission_id)  # higher apps forget what they derived from it
    return bool(done)


class DestructionRefused(Exception):
    """A step the list's state does not allow, or a keep without a reason."""


def destruction_lists_propose(*, due: list[Submission], now: datetime) -> int:
    """Put due applications not yet on an open list onto their authority's list of the month;
    returns how many were added. Applications without an authority are left alone."""
    on_open_lists = set(
        DestructionItem.objects.filter(
            destruction_list__state__in=[
                DestructionListState.PROPOSED,
                DestructionListState.APPROVED,
            ]
        ).values_list("submission_id", flat=True)
    )
    added = 0
    for submission in due:
        if submission.pk in on_open_lists or submission.authority_id is None:
            continue
        with transaction.atomic():
            listing, _created = DestructionList.objects.get_or_create(
                authority_id=submission.authority_id, period=now.strftime("%Y-%m")
            )
            if listing.state != DestructionListState.PROPOSED:
                continue  # this month's list is decided: the application waits for the next
            DestructionItem.objects.create(
                destruction_list=listing,
                submission=submission,
                reference=submission.reference,
                closed_at=submission.closed_at or now,
            )
            added += 1
    return added


def destruction_item_keep(
    *, item: DestructionItem, keep: bool, reason: str, by: AbstractBaseUser
) -> DestructionItem:
    """Keep an application off the destruction (with a reason), or put it back on."""
    reason = reason.strip()[:500]
    if keep and not reason:
        raise DestructionRefused("Bitte geben Sie an, warum der Antrag aufbewahrt wird.")
    with transaction.atomic():
        listing = DestructionList.objects.select_for_update().get(pk=item.destruction_list_id)
        if listing.state != DestructionListState.PROPOSED:
            raise DestructionRefused("Die Löschliste ist bereits freigegeben.")
        item.keep, item.keep_reason = keep, reason if keep else ""
        item.save(update_fields=["keep", "keep_reason"])
        audit_record(
            actor=actor_of(by),
            action=AuditAction.CHANGE,
            obj_type="submissions.DestructionItem",
            obj_id=item.pk,
            authority_id=listing.authority_id,
            reason=reason if keep else "wieder zur Löschung vorgesehen",
            details={"fields": ["keep", "keep_reason"]},
        )
    return item


def destruction_list_approve(*, listing: DestructionList, by: AbstractBaseUser) -> bool:
    """Approve a proposed list (once); True if this call approved it."""
    with transaction.atomic():
        now = timezone.now()
        done = DestructionList.objects.filter(
            pk=listing.pk, state=DestructionListState.PROPOSED
        ).update(state=DestructionListState.APPROVED, approved_by_id=by.pk, approved_at=now)
        if done:
            audit_record(
                actor=actor_of(by),
                action=AuditAction.CHANGE,
                obj_type="submissions.DestructionList",
                obj_id=listing.pk,
                authority_id=listing.authority_id,
                reason="Löschliste freigegeben",
                details={"fields": ["state", "approved_by", "approved_at"]},
            )
    return bool(done)


def destruction_lists_execute(*, now: datetime) -> int:
    """Anonymise what approved lists hold and does not keep; returns how many."""
    count = 0
    for listing in DestructionList.objects.filter(state=DestructionListState.APPROVED):
        with transaction.atomic():
            for item in listing.items.filter(keep=False).select_related("submission"):
                if submission_anonymise(submission_id=item.submission_id, now=now):
                    count += 1
                    audit_record(
                        actor=Actor.worker(),
                        action=AuditAction.DELETE,
                        obj_type="submissions.Submission",
                        obj_id=str(item.submission_id),
                        authority_id=listing.authority_id,
                        reason=f"Aufbewahrungsfrist abgelaufen, Löschliste {listing.pk}",
                        details={"anonymised": ["data", "contact", "owner", "attachments"]},
                    )
            DestructionList.objects.filter(pk=listing.pk).update(
                state=DestructionListState.DONE, executed_at=now
            )
    return count
