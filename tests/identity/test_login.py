"""Logging in with the development BundID, end to end over real HTTP."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client

from rathaus.identity.models import Citizen
from tests.identity.conftest import LoginFlow

pytestmark = pytest.mark.django_db


def test_a_test_person_logs_in_at_level_substanziell(login_flow: LoginFlow) -> None:
    client = Client()
    flow = login_flow(client, person="U01", level="substanziell")
    assert flow.acs_url == "http://testserver/anmelden/saml/acs/"
    response = client.post("/anmelden/saml/acs/", flow.fields)
    assert response.status_code == 302, response.content.decode()
    citizen = Citizen.objects.get(bpk2="BUNDIDSIM-U01")
    assert (citizen.given_name, citizen.surname, citizen.birth_name) == (
        "Maria",
        "Neumann",
        "Winter",
    )
    assert (citizen.postal_address, citizen.postal_code, citizen.locality) == (
        "Thomas-Mann-Straße 3",
        "10409",
        "Berlin",
    )
    assert citizen.last_trust_level == "substanziell"
    assert client.session["identity_trust_level"] == "substanziell"
    assert int(client.session["_auth_user_id"]) == citizen.user_id


def test_the_login_gives_the_browser_a_new_session_key(login_flow: LoginFlow) -> None:
    """…and the staff site's login records (django-axes) keep no trace of citizens."""
    client = Client()
    client.get("/formulare/sperrmuell_abholung/", {"ags": "06611000"})  # an anonymous session
    before = client.session.session_key
    assert before
    flow = login_flow(client)
    assert client.post("/anmelden/saml/acs/", flow.fields).status_code == 302
    after = client.session.session_key
    assert after and after != before
    assert "_auth_user_id" in client.session
    assert not AccessLog.objects.exists() and not AccessAttempt.objects.exists()
