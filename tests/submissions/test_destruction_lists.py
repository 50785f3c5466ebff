"""Retention at closing: a destruction list per authority and month, reviewed (keep with a
reason), approved by the authority's administration, then carried out — all audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rathaus.audit.models import AuditEntry
from rathaus.authorities.models import Authority, StaffRole
from rathaus.submissions.destruction import DestructionRefused, destruction_item_keep
from rathaus.submissions.models import (
    DestructionItem,
    DestructionList,
    DestructionListState,
    Submission,
    SubmissionStatus,
)
from rathaus.submissions.retention import retention_apply
from tests.authorities.conftest import staff_member
from tests.staff import staff_client
from tests.submissions.journey import send

pytestmark = pytest.mark.django_db


def _closed_long_ago(client: Client) -> Submission:
    submission = send(client)
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.CLOSED, closed_at=timezone.now() - timedelta(days=400)
    )
    return Submission.objects.get(pk=submission.pk)


def _approve(listing: DestructionList, user: User) -> None:
    changelist = reverse("admin:submissions_destructionlist_changelist")
    staff_client(user).post(
        changelist, {"action": "approve", "_selected_action": [str(listing.pk)]}
    )


def test_closed_applications_wait_on_a_list_until_the_authority_approves() -> None:
    submission = _closed_long_ago(Client())
    retention_apply()
    listing = DestructionList.objects.get()
    assert (listing.authority_id, listing.state) == (submission.authority_id, "proposed")
    assert listing.items.get().reference == submission.reference
    retention_apply()  # a second run adds nothing and destroys nothing
    assert DestructionItem.objects.count() == 1
    assert Submission.objects.get(pk=submission.pk).anonymised_at is None
    admin = staff_member("verwaltung-a", submission.authority, StaffRole.ADMIN)
    _approve(listing, admin)
    assert DestructionList.objects.get().state == DestructionListState.APPROVED
    report = retention_apply()
    assert report.destroyed == 1
    assert Submission.objects.get(pk=submission.pk).anonymised_at is not None
    assert DestructionList.objects.get().state == DestructionListState.DONE
    assert AuditEntry.objects.filter(
        object_type="submissions.Submission", object_id=str(submission.pk), action="delete"
    ).exists()
    assert AuditEntry.objects.filter(object_type="submissions.DestructionList").exists()


def test_a_kept_application_stays_and_needs_a_reason() -> None:
    submission = _closed_long_ago(Client())
    retention_apply()
    item = DestructionItem.objects.get()
    admin = staff_member("verwaltung-a", submission.authority, StaffRole.ADMIN)
    with pytest.raises(DestructionRefused):
        destruction_item_keep(item=item, keep=True, reason=" ", by=admin)
    destruction_item_keep(item=item, keep=True, reason="Widerspruch anhängig", by=admin)
    _approve(item.destruction_list, admin)
    retention_apply()
    assert Submission.objects.get(pk=submission.pk).anonymised_at is None
    with pytest.raises(DestructionRefused):  # decided lists change no more
        destruction_item_keep(item=item, keep=False, reason="", by=admin)


@pytest.mark.parametrize("role", [StaffRole.CASEWORKER, StaffRole.READER])
def test_only_the_authoritys_administration_approves(role: str) -> None:
    submission = _closed_long_ago(Client())
    retention_apply()
    member = staff_member(f"{role}-a", submission.authority, role)
    _approve(DestructionList.objects.get(), member)
    assert DestructionList.objects.get().state == DestructionListState.PROPOSED


def test_another_authoritys_administration_cannot_approve() -> None:
    submission = _closed_long_ago(Client())
    retention_apply()
    frankfurt = Authority.objects.get(name="Stadtverwaltung Frankfurt am Main")
    assert frankfurt.pk != submission.authority_id
    stranger = staff_member("verwaltung-b", frankfurt, StaffRole.ADMIN)
    _approve(DestructionList.objects.get(), stranger)
    assert DestructionList.objects.get().state == DestructionListState.PROPOSED
    page = staff_client(stranger).get(
        reverse("admin:submissions_destructionlist_change", args=[DestructionList.objects.get().pk])
    )
    assert page.status_code == 404
