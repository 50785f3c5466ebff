"""Land staff in the admin: municipalities with their Gemeinde, invitations without tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_tasks_db.models import DBTaskResult

from rathaus.identity.models import Invitation, Organisation, OrganisationMembership
from rathaus.identity.organisations.models import OrganisationKind
from rathaus.identity.organisations.tokens import invitation_token
from rathaus.territory.models import Region, RegionLevel
from tests.identity.organisations import business, citizen
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

ADMIN = "/verwaltung/identity/"
INLINES = {
    f"{prefix}-{name}": value
    for prefix in ("memberships", "invitations")
    for name, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()
}


@pytest.fixture
def staff() -> Client:
    return staff_client(User.objects.get(username="admin"))


def _municipality(staff: Client, region: str, kind: str = "municipality") -> object:
    return staff.post(
        f"{ADMIN}organisation/add/",
        {"name": "Stadt Kassel", "kind": kind, "region": region, **INLINES},
    )


def test_land_staff_create_a_municipality_with_its_gemeinde(staff: Client) -> None:
    kassel = Region.objects.get(level=RegionLevel.GEMEINDE, ags="06611000")
    response = _municipality(staff, str(kassel.pk))
    assert response.status_code == 302  # type: ignore[attr-defined]
    municipality = Organisation.objects.get(region=kassel)
    assert municipality.kind == OrganisationKind.MUNICIPALITY
    assert municipality.created_by == User.objects.get(username="admin")
    assert not municipality.memberships.exists()  # nobody owns it until invited


def test_a_municipality_without_a_gemeinde_or_with_a_kreis_is_refused(staff: Client) -> None:
    kreis = Region.objects.filter(level=RegionLevel.KREIS).first()
    assert kreis is not None
    for region in ("", str(kreis.pk)):
        response = _municipality(staff, region)
        assert response.status_code == 200  # type: ignore[attr-defined]
    assert b"Gemeinde braucht ihr Gebiet" in _municipality(staff, "").content  # type: ignore[attr-defined]
    assert not Organisation.objects.exists()


def test_staff_invite_the_first_owner_and_never_see_a_token(staff: Client) -> None:
    kassel = Region.objects.get(level=RegionLevel.GEMEINDE, ags="06611000")
    _municipality(staff, str(kassel.pk))
    municipality = Organisation.objects.get(region=kassel)
    response = staff.post(
        f"{ADMIN}invitation/add/",
        {"organisation": municipality.pk, "email": "digital@kassel.test", "role": "owner"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(organisation=municipality)
    assert DBTaskResult.objects.filter(args_kwargs__args=[str(invitation.pk)]).exists()
    for page in (f"{ADMIN}invitation/{invitation.pk}/change/", f"{ADMIN}invitation/"):
        content = staff.get(page).content.decode()
        assert "digital@kassel.test" in content
        assert invitation.token_hash not in content
        assert invitation_token(invitation_id=invitation.pk) not in content
    again = staff.post(
        f"{ADMIN}invitation/add/",
        {"organisation": municipality.pk, "email": "digital@kassel.test", "role": "owner"},
    )
    assert "schon eine Einladung unterwegs" in again.content.decode()
    assert Invitation.objects.filter(organisation=municipality).count() == 1


def test_deleting_the_last_owner_in_the_admin_is_refused(staff: Client) -> None:
    organisation = business(citizen())
    owner = OrganisationMembership.objects.get(organisation=organisation)
    response = staff.post(
        f"{ADMIN}organisationmembership/{owner.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert "mindestens eine Person" in response.content.decode()
    assert "erfolgreich gelöscht" not in response.content.decode()
    assert OrganisationMembership.objects.filter(pk=owner.pk).exists()


def test_staff_remove_a_member_through_the_service(staff: Client) -> None:
    organisation = business(citizen())
    member = OrganisationMembership.objects.create(
        organisation=organisation, user=citizen("Max", "Beispiel"), role="member"
    )
    response = staff.post(
        f"{ADMIN}organisationmembership/{member.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert "erfolgreich gelöscht" in response.content.decode()
    assert not OrganisationMembership.objects.filter(pk=member.pk).exists()
