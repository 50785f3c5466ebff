"""Answers that must not log anyone in, each refused with a page and a log entry."""

from __future__ import annotations

import base64
import time

import pytest
from django.test import Client, override_settings

from rathaus.identity.models import Citizen, ConsumedAssertion, LoginRequest
from tests.identity.conftest import OTHER_SP, LoginFlow

pytestmark = pytest.mark.django_db


def _refused(response: object, caplog: pytest.LogCaptureFixture, reason: str) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    assert status in (400, 403), status
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "Die Anmeldung ist fehlgeschlagen" in page
    assert "_auth_user_id" not in response.wsgi_request.session  # type: ignore[attr-defined]
    assert f"login refused reason={reason}" in caplog.text


def test_it_refuses_a_replayed_response(
    login_flow: LoginFlow, caplog: pytest.LogCaptureFixture
) -> None:
    flow = login_flow(Client(), person="U02")
    assert Client().post("/anmelden/saml/acs/", flow.fields).status_code == 302
    _refused(Client().post("/anmelden/saml/acs/", flow.fields), caplog, "unknown_request")


def test_it_refuses_a_used_assertion_even_when_the_request_is_open_again(
    login_flow: LoginFlow, caplog: pytest.LogCaptureFixture
) -> None:
    flow = login_flow(Client(), person="U03")
    assert Client().post("/anmelden/saml/acs/", flow.fields).status_code == 302
    LoginRequest.objects.create(request_id=flow.fields["RelayState"], trust_level="substanziell")
    response = Client().post("/anmelden/saml/acs/", flow.fields)
    assert response.status_code == 403
    _refused(response, caplog, "replay")
    assert ConsumedAssertion.objects.count() >= 1


def test_it_refuses_an_expired_response(
    login_flow: LoginFlow, caplog: pytest.LogCaptureFixture
) -> None:
    flow = login_flow(Client(), person="U04", idp="brief")
    time.sleep(2.5)
    with override_settings(RATHAUS_SAML_CLOCK_SKEW_SECONDS=0):
        response = Client().post("/anmelden/saml/acs/", flow.fields)
    _refused(response, caplog, "expired")
    assert "abgelaufen" in response.content.decode()
    assert not Citizen.objects.filter(bpk2="BUNDIDSIM-U04").exists()


def test_it_refuses_a_response_for_another_audience(
    login_flow: LoginFlow, caplog: pytest.LogCaptureFixture
) -> None:
    flow = login_flow(Client(), person="U05", sp_entity_id=OTHER_SP)
    response = Client().post("/anmelden/saml/acs/", flow.fields)
    assert response.status_code == 403
    _refused(response, caplog, "audience")


def test_it_refuses_a_tampered_response(
    login_flow: LoginFlow, caplog: pytest.LogCaptureFixture
) -> None:
    flow = login_flow(Client(), person="U06")
    xml = base64.b64decode(flow.fields["SAMLResponse"]).decode()
    # someone swaps in another person's bPK2 to log in as them
    assert ">BUNDIDSIM-U06<" in xml
    forged = xml.replace(">BUNDIDSIM-U06<", ">BUNDIDSIM-U01<")
    flow.fields["SAMLResponse"] = base64.b64encode(forged.encode()).decode()
    response = Client().post("/anmelden/saml/acs/", flow.fields)
    assert response.status_code == 403
    _refused(response, caplog, "signature")
    assert not Citizen.objects.filter(bpk2__in=["BUNDIDSIM-U06", "BUNDIDSIM-U01"]).exists()


def test_it_refuses_a_response_signed_by_another_key(
    login_flow: LoginFlow, caplog: pytest.LogCaptureFixture
) -> None:
    flow = login_flow(Client(), person="U07", idp="impostor")
    response = Client().post("/anmelden/saml/acs/", flow.fields)
    assert response.status_code == 403
    _refused(response, caplog, "signature")
    assert not Citizen.objects.filter(bpk2="BUNDIDSIM-U07").exists()


def test_it_refuses_a_lower_level_than_requested(
    login_flow: LoginFlow, caplog: pytest.LogCaptureFixture
) -> None:
    flow = login_flow(Client(), person="U11", level="niedrig", query="niveau=hoch")
    _refused(Client().post("/anmelden/saml/acs/", flow.fields), caplog, "trust_level")


def test_it_ignores_a_next_address_on_another_host(login_flow: LoginFlow) -> None:
    client = Client()
    flow = login_flow(client, person="U12", query="next=https://evil.example/steal")
    response = client.post("/anmelden/saml/acs/", flow.fields)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_returns_to_a_next_address_on_this_site(login_flow: LoginFlow) -> None:
    client = Client()
    flow = login_flow(client, person="U01", query="next=/formulare/meine-antraege/")
    response = client.post("/anmelden/saml/acs/", flow.fields)
    assert response["Location"] == "/formulare/meine-antraege/"
