"""The development IdP's OpenID provider checks what a real one checks: the client, the
redirect URI, PKCE, single-use codes; and it signs ID tokens with the key it publishes."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from django.test import Client
from joserfc import jwt
from joserfc.jwk import KeySet

from rathaus.identity.models import LoginRequest
from tests.identity.conftest import (
    OIDC_CALLBACK,
    OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET,
    OidcFlow,
)

pytestmark = pytest.mark.django_db


def _code_and_verifier(oidc_flow: OidcFlow) -> tuple[str, str]:
    query = parse_qs(urlsplit(oidc_flow(Client(), person="U02")).query)
    verifier = LoginRequest.objects.get(request_id=query["state"][0]).code_verifier
    return query["code"][0], verifier


def _token(idp: str, code: str, verifier: str, **changes: Any) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": OIDC_CALLBACK,
        "code_verifier": verifier,
        **changes.pop("form", {}),
    }
    auth = changes.pop("auth", (OIDC_CLIENT_ID, OIDC_CLIENT_SECRET))
    return httpx.post(f"{idp}/oidc/token", data=form, auth=auth, timeout=10)


def test_a_code_is_good_once_and_gives_a_signed_id_token(
    oidc_flow: OidcFlow, oidc_idp: str
) -> None:
    code, verifier = _code_and_verifier(oidc_flow)
    first = _token(oidc_idp, code, verifier)
    assert first.status_code == 200, first.text
    assert first.headers["cache-control"] == "no-store"
    keys = KeySet.import_key_set(httpx.get(f"{oidc_idp}/oidc/jwks", timeout=10).json())
    token = jwt.decode(first.json()["id_token"], keys, algorithms=["RS256"])
    assert token.header["alg"] == "RS256"
    assert token.claims["bpk2"] == "BUNDIDSIM-U02"
    assert token.claims["acr"] == "STORK-QAA-Level-3"
    assert token.claims["aud"] == OIDC_CLIENT_ID
    assert token.claims["address"]["locality"] == "Nürnberg"
    second = _token(oidc_idp, code, verifier)
    assert second.status_code == 400
    assert second.json()["error"] == "invalid_grant"


def test_the_token_endpoint_wants_the_right_pkce_verifier(
    oidc_flow: OidcFlow, oidc_idp: str
) -> None:
    code, verifier = _code_and_verifier(oidc_flow)
    wrong = _token(oidc_idp, code, verifier[:-1] + ("a" if verifier[-1] != "a" else "b"))
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    # the failed try used the code up
    assert _token(oidc_idp, code, verifier).status_code == 400


def test_the_token_endpoint_wants_the_client_and_its_secret(
    oidc_flow: OidcFlow, oidc_idp: str
) -> None:
    code, verifier = _code_and_verifier(oidc_flow)
    response = _token(oidc_idp, code, verifier, auth=(OIDC_CLIENT_ID, "falsch"))
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")
    form = {"client_id": OIDC_CLIENT_ID, "client_secret": OIDC_CLIENT_SECRET}
    # an unauthenticated try does not use the code up; client_secret_post works as well
    posted = _token(oidc_idp, code, verifier, auth=None, form=form)
    assert posted.status_code == 200, posted.text


def test_the_token_endpoint_wants_the_same_redirect_uri(oidc_flow: OidcFlow, oidc_idp: str) -> None:
    code, verifier = _code_and_verifier(oidc_flow)
    form = {"redirect_uri": "http://testserver/woanders/"}
    response = _token(oidc_idp, code, verifier, form=form)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_grant")


def _authorize(idp: str, **changes: str) -> httpx.Response:
    params = {
        "response_type": "code",
        "client_id": OIDC_CLIENT_ID,
        "redirect_uri": OIDC_CALLBACK,
        "scope": "openid",
        "state": "s",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256",
        **changes,
    }
    return httpx.get(f"{idp}/oidc/authorize?{urlencode(params)}", timeout=10)


def test_an_unregistered_redirect_uri_gets_a_page_not_a_redirect(oidc_idp: str) -> None:
    response = _authorize(oidc_idp, redirect_uri="https://evil.example/cb")
    assert response.status_code == 400
    assert "location" not in response.headers
    assert _authorize(oidc_idp, client_id="fremd").status_code == 400


def test_an_authorization_request_without_pkce_is_sent_back_with_an_error(
    oidc_idp: str,
) -> None:
    response = _authorize(oidc_idp, code_challenge_method="plain")
    assert response.status_code == 303
    back = urlsplit(response.headers["location"])
    query = parse_qs(back.query)
    assert (query["error"], query["state"]) == (["invalid_request"], ["s"])
    assert _authorize(oidc_idp).status_code == 200  # the same request with S256 is fine
