"""Logging in over OpenID Connect with the development IdP as provider, over real HTTP."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.test import Client, override_settings

from rathaus.identity.models import Citizen, LoginRequest
from tests.identity.conftest import OIDC_CALLBACK, OIDC_CLIENT_ID, LoginFlow, OidcFlow
from tests.net import free_port

pytestmark = pytest.mark.django_db


def test_a_test_person_logs_in_over_oidc(oidc_flow: OidcFlow) -> None:
    client = Client()
    callback = oidc_flow(client, person="U01", level="substanziell")
    session_before = client.session.session_key
    response = client.get(callback)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == "/"
    citizen = Citizen.objects.get(bpk2="BUNDIDSIM-U01")
    # the same fields the SAML answer fills (test_login.py)
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
    assert (citizen.birthdate, citizen.place_of_birth, citizen.country) == (
        "1964-08-12",
        "Berlin",
        "DE",
    )
    assert citizen.email == "maria.neumenn@example.com"
    assert citizen.last_trust_level == "substanziell"
    assert client.session["identity_trust_level"] == "substanziell"
    assert int(client.session["_auth_user_id"]) == citizen.user_id
    # a new session key at login (no session fixation), the state is spent
    assert client.session.session_key != session_before
    assert not LoginRequest.objects.filter(protocol="oidc").exists()


def test_the_authorization_request_carries_pkce_state_nonce_and_the_level(
    oidc_settings: None, oidc_idp: str
) -> None:
    response = Client().get("/anmelden/?niveau=substanziell")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{oidc_idp}/oidc/authorize"
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    login_request = LoginRequest.objects.get(request_id=query["state"])
    assert login_request.protocol == "oidc"
    assert query["response_type"] == "code"
    assert query["client_id"] == OIDC_CLIENT_ID
    assert query["redirect_uri"] == OIDC_CALLBACK
    assert query["scope"].split()[0] == "openid"
    assert query["nonce"] == login_request.nonce and len(login_request.nonce) >= 32
    assert query["code_challenge_method"] == "S256"
    # the verifier stays with us; only its S256 hash travels
    assert query["code_challenge"] == create_s256_code_challenge(login_request.code_verifier)
    assert login_request.code_verifier not in response["Location"]
    assert query["acr_values"] == "STORK-QAA-Level-3 STORK-QAA-Level-4"


def test_a_higher_level_than_requested_is_kept_in_the_session(oidc_flow: OidcFlow) -> None:
    client = Client()
    response = client.get(oidc_flow(client, person="U02", query="niveau=niedrig", level="hoch"))
    assert response.status_code == 302
    assert client.session["identity_trust_level"] == "hoch"
    assert Citizen.objects.get(bpk2="BUNDIDSIM-U02").last_trust_level == "hoch"


def test_it_returns_to_a_next_address_on_this_site(oidc_flow: OidcFlow) -> None:
    client = Client()
    callback = oidc_flow(client, person="U03", query="next=/formulare/meine-antraege/")
    assert client.get(callback)["Location"] == "/formulare/meine-antraege/"


def test_saml_and_oidc_logins_of_one_person_update_one_citizen(
    login_flow: LoginFlow, oidc_flow: OidcFlow
) -> None:
    with override_settings(RATHAUS_LOGIN_PROTOCOL="saml"):
        saml_client = Client()
        flow = login_flow(saml_client, person="U05", level="hoch", query="niveau=hoch")
        assert saml_client.post("/anmelden/saml/acs/", flow.fields).status_code == 302
    first = Citizen.objects.get(bpk2="BUNDIDSIM-U05")
    oidc_client = Client()
    assert oidc_client.get(oidc_flow(oidc_client, person="U05")).status_code == 302
    again = Citizen.objects.get(bpk2="BUNDIDSIM-U05")
    assert (again.pk, again.user_id) == (first.pk, first.user_id)
    assert again.last_trust_level == "substanziell"
    assert (again.given_name, again.surname) == (first.given_name, first.surname)


def test_login_says_so_when_the_provider_cannot_be_reached(oidc_settings: None) -> None:
    issuer = f"http://127.0.0.1:{free_port()}"
    with override_settings(RATHAUS_OIDC_ISSUER=issuer):
        response = Client().get("/anmelden/")
    assert response.status_code == 503
    assert "Die Anmeldung ist gerade nicht möglich" in response.content.decode()
    assert not LoginRequest.objects.filter(protocol="oidc").exists()


def test_login_says_so_when_no_provider_is_configured(oidc_settings: None) -> None:
    with override_settings(RATHAUS_OIDC_ISSUER=""):
        response = Client().get("/anmelden/")
    assert response.status_code == 503
