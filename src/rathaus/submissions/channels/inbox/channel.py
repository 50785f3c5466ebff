"""Deliver into the authority's Rathaus inbox, where its caseworkers pick it up."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from rathaus.submissions.delivery.base import Channel, Handover, Package
from rathaus.submissions.models import InboxItem, Submission


class InboxChannel(Channel):
    key = "inbox"
    label = _("Posteingang in Rathaus")

    def deliver(self, package: Package, settings: dict[str, Any]) -> Handover:
        """One inbox entry per submission; a repeated attempt finds the first one."""
        submission = Submission.objects.only("authority_id").get(pk=package.submission_id)
        item, _created = InboxItem.objects.get_or_create(
            delivery_key=package.key,
            defaults={"submission_id": package.submission_id, "authority": submission.authority},
        )
        return Handover(receiver_reference=f"inbox:{item.pk}")
