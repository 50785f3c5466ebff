"""Two authorities with applications, deliveries, routes, transfers and staff in each role.

Authority A is the Stadtverwaltung Kassel, B the Stadtverwaltung Frankfurt am Main. Every
object a staff screen shows exists once in A and once in B, made the way the running system
makes it (a citizen sends the bulky-waste form, the outbox delivers it into the inbox).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from rathaus.authorities.models import Authority, StaffMembership, StaffRole
from rathaus.authorities.services import (
    staff_account_create,
    staff_membership_grant,
    staff_totp_device_issue,
)
from rathaus.submissions.delivery import outbox
from rathaus.submissions.delivery.routes import route_save
from rathaus.submissions.models import (
    DeliveryRoute,
    DestructionItem,
    DestructionList,
    FitConnectTransfer,
    Submission,
)
from tests.staff import staff_client
from tests.submissions.journey import send

KASSEL, FRANKFURT = "06611000", "06412000"


def staff_member(username: str, authority: Authority | None = None, role: str = "") -> User:
    """A staff account with a TOTP device, and a role in the authority when one is named."""
    user, _created = staff_account_create(
        username=username, email=f"{username}@example.org", password=None
    )
    staff_totp_device_issue(user=user)
    if authority is not None:
        staff_membership_grant(user=user, authority=authority, role=role)
    return user


@dataclass
class Side:
    """One authority and its objects, keyed by the admin's model label."""

    authority: Authority
    submission: Submission
    objects: dict[str, Any] = field(default_factory=dict)


def _side(authority: Authority, ags: str, member: str) -> Side:
    submission = send(Client(), ags=ags)
    assert submission.authority == authority
    delivery = submission.deliveries.get()
    assert outbox.delivery_attempt(delivery.pk) == "delivered"  # into the Rathaus inbox
    route_save(authority=authority, channel="email", settings={"address": f"{member}@a.example"})
    transfer = FitConnectTransfer.objects.create(
        delivery_key=delivery.pk,
        destination_id=uuid.uuid4(),
        submission_id=uuid.uuid4(),
        case_id=uuid.uuid4(),
    )
    reader = staff_member(member, authority, StaffRole.READER)
    listing = DestructionList.objects.create(authority=authority, period="2026-01")
    DestructionItem.objects.create(
        destruction_list=listing,
        submission=submission,
        reference=submission.reference,
        closed_at=submission.submitted_at,
    )
    return Side(
        authority,
        submission,
        {
            "submissions.submission": submission,
            "submissions.delivery": delivery,
            "submissions.inboxitem": submission.inbox_item,
            "submissions.deliveryroute": DeliveryRoute.objects.get(authority=authority),
            "submissions.fitconnecttransfer": transfer,
            "authorities.staffmembership": StaffMembership.objects.get(user=reader),
            "submissions.destructionlist": listing,
        },
    )


@dataclass
class World:
    a: Side
    b: Side
    members: dict[str, User]  # role in A → staff account

    def client(self, role: str) -> Client:
        """A verified staff session of A's member in this role (or the Land operator)."""
        if role == "operator":
            return staff_client(User.objects.get(username="admin"))
        return staff_client(self.members[role])


@pytest.fixture
def world(db: None) -> World:
    a = _side(Authority.objects.get(name="Stadtverwaltung Kassel"), KASSEL, "leser-a")
    b = _side(Authority.objects.get(name="Stadtverwaltung Frankfurt am Main"), FRANKFURT, "leser-b")
    members = {role: staff_member(f"{role}-a", a.authority, role) for role in StaffRole.values}
    return World(a, b, members)
