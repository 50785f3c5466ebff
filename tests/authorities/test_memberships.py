"""An authority's administration manages its caseworkers and readers; nobody else's."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from rathaus.authorities.models import StaffMembership, StaffRole
from rathaus.authorities.services import staff_membership_grant
from tests.authorities.conftest import World, staff_member

pytestmark = pytest.mark.django_db

ADD = reverse("admin:authorities_staffmembership_add")
LIST = reverse("admin:authorities_staffmembership_changelist")


def _change(membership: StaffMembership) -> str:
    return reverse("admin:authorities_staffmembership_change", args=[membership.pk])


def test_the_administration_adds_a_caseworker_to_its_authority(world: World) -> None:
    newcomer = staff_member("neu-in-kassel")
    response = world.client("admin").post(
        ADD, {"username": "neu-in-kassel", "authority": world.a.authority.pk, "role": "caseworker"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = StaffMembership.objects.get(user=newcomer)
    assert membership.authority == world.a.authority and membership.role == StaffRole.CASEWORKER
    assert membership.created_by == world.members["admin"]


@pytest.mark.parametrize(
    ("username", "where", "role", "error"),
    [
        ("neu", "b", "reader", "Bitte eine gültige Auswahl treffen"),
        ("neu", "a", "admin", "Diese Rolle dürfen Sie in dieser Behörde nicht vergeben"),
        ("gibt-es-nicht", "a", "reader", "Kein aktives Verwaltungskonto"),
        ("bundid-buerger", "a", "reader", "Kein aktives Verwaltungskonto"),
        ("leser-a", "a", "reader", "gehört der Behörde schon an"),
    ],
)
def test_what_the_administration_may_not_add_is_refused_on_the_page(
    world: World, username: str, where: str, role: str, error: str
) -> None:
    staff_member("neu")
    User.objects.create_user("bundid-buerger")
    before = StaffMembership.objects.count()
    authority = world.a.authority if where == "a" else world.b.authority
    response = world.client("admin").post(
        ADD, {"username": username, "authority": authority.pk, "role": role}
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert StaffMembership.objects.count() == before


def test_administrators_are_left_to_the_land_operators(world: World) -> None:
    own = StaffMembership.objects.get(user=world.members["admin"])
    client = world.client("admin")
    assert client.post(_change(own), {"role": "reader"}).status_code == 403
    assert client.post(_change(own).replace("change", "delete"), {"post": "yes"}).status_code == 403
    own.refresh_from_db()
    assert own.role == StaffRole.ADMIN
    operator = world.client("operator")
    assert operator.post(_change(own), {"role": "reader"}).status_code == 302
    own.refresh_from_db()
    assert own.role == StaffRole.READER


def test_the_delete_action_removes_only_the_own_authoritys_members(world: World) -> None:
    mine = world.a.objects["authorities.staffmembership"]
    theirs = world.b.objects["authorities.staffmembership"]
    world.client("admin").post(
        LIST,
        {"action": "delete_selected", "_selected_action": [mine.pk, theirs.pk], "post": "yes"},
    )
    assert not StaffMembership.objects.filter(pk=mine.pk).exists()
    assert StaffMembership.objects.filter(pk=theirs.pk).exists()


def test_only_staff_accounts_get_a_membership_and_only_known_roles(world: World) -> None:
    citizen = User.objects.create_user("bundid-anderer")
    with pytest.raises(ValidationError):
        staff_membership_grant(user=citizen, authority=world.a.authority, role="reader")
    with pytest.raises(ValidationError):
        staff_membership_grant(user=world.members["reader"], authority=world.a.authority, role="x")
    assert not StaffMembership.objects.filter(user=citizen).exists()
