"""An invitation opened before logging in survives the real BundID login (devidp)."""

from __future__ import annotations

import pytest
from django.test import Client

from rathaus.identity.models import Citizen, OrganisationMembership
from rathaus.identity.organisations.models import Role
from rathaus.identity.organisations.services import invitation_send
from rathaus.identity.organisations.tokens import invitation_token
from tests.identity.conftest import LoginFlow
from tests.identity.organisations import business, citizen

pytestmark = pytest.mark.django_db


def test_the_invited_person_logs_in_with_bundid_and_lands_on_the_invitation(
    login_flow: LoginFlow,
) -> None:
    erika = citizen()
    organisation = business(erika)
    invitation = invitation_send(
        actor=erika, organisation=organisation, email="maria@beispiel.test", role=Role.MEMBER
    )
    path = f"/organisationen/einladung/{invitation_token(invitation_id=invitation.pk)}/"
    browser = Client()
    to_login = browser.get(path)["Location"]
    assert to_login == "/anmelden/?next=/organisationen/einladung/"
    flow = login_flow(browser, person="U01", query="niveau=substanziell&" + to_login.split("?")[1])
    back = browser.post("/anmelden/saml/acs/", flow.fields)
    assert back["Location"] == "/organisationen/einladung/"
    onward = browser.get(back["Location"])
    assert onward["Location"] == path
    page = browser.get(path)
    assert page.status_code == 200 and "Einladung annehmen" in page.content.decode()
    browser.post(path)
    maria = Citizen.objects.get(bpk2="BUNDIDSIM-U01")
    membership = OrganisationMembership.objects.get(organisation=organisation, user=maria.user)
    assert membership.role == Role.MEMBER
