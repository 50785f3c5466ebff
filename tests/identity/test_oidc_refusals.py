"""OIDC answers that must not log anyone in: each refused with a page and a WARNING log entry,
and nothing written (no citizen, no session login, the login request left as it was)."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings

from rathaus.identity.models import Citizen, LoginRequest
from tests.identity.conftest import OidcFlow

pytestmark = pytest.mark.django_db


def _refused(
    response: HttpResponse,
    caplog: pytest.LogCaptureFixture,
    reason: str,
    *,
    status: int,
    text: str = "",
) -> None:
    assert response.status_code == status, response.content.decode()
    page = response.content.decode()
    assert "Die Anmeldung ist fehlgeschlagen" in page
    assert text in page
    assert "_auth_user_id" not in response.wsgi_request.session  # type: ignore[attr-defined]
    assert "identity_trust_level" not in response.wsgi_request.session  # type: ignore[attr-defined]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any(f"login refused reason={reason} " in r.getMessage() for r in warnings), caplog.text


def _state(callback: str) -> str:
    return parse_qs(urlsplit(callback).query)["state"][0]


def _with(callback: str, **changes: str) -> str:
    """The callback address with some parameters replaced."""
    url = urlsplit(callback)
    query = {key: values[0] for key, values in parse_qs(url.query).items()} | changes
    return f"{url.path}?{urlencode(query)}"


@pytest.mark.parametrize(
    ("fault", "reason", "status", "text"),
    [
        ("nonce", "nonce", 403, "konnte nicht bestätigt werden"),
        ("audience", "audience", 403, "konnte nicht bestätigt werden"),
        ("issuer", "issuer", 403, "konnte nicht bestätigt werden"),
        ("expired", "expired", 400, "abgelaufen"),
        ("signature", "signature", 403, "konnte nicht bestätigt werden"),
        ("no_bpk2", "no_bpk2", 400, "keine Personenkennung"),
    ],
)
def test_it_refuses_a_bad_id_token(
    oidc_flow: OidcFlow,
    caplog: pytest.LogCaptureFixture,
    fault: str,
    reason: str,
    status: int,
    text: str,
) -> None:
    client = Client()
    callback = oidc_flow(client, person="U06", fault=fault)
    response = client.get(callback)
    _refused(response, caplog, reason, status=status, text=text)
    assert not Citizen.objects.filter(bpk2="BUNDIDSIM-U06").exists()
    assert LoginRequest.objects.filter(request_id=_state(callback)).exists()


def test_it_refuses_a_tampered_state(oidc_flow: OidcFlow, caplog: pytest.LogCaptureFixture) -> None:
    client = Client()
    callback = oidc_flow(client, person="U07")
    state = _state(callback)
    response = client.get(_with(callback, state=state[:-1] + ("A" if state[-1] != "A" else "B")))
    _refused(response, caplog, "unknown_request", status=400, text="keine offene Anmeldung")
    assert not Citizen.objects.filter(bpk2="BUNDIDSIM-U07").exists()
    assert LoginRequest.objects.filter(request_id=state).exists()


def test_it_refuses_a_callback_without_state(
    oidc_flow: OidcFlow, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    callback = oidc_flow(client, person="U07")
    response = client.get(callback.replace("state=", "anderes="))
    _refused(response, caplog, "unknown_request", status=400)


def test_it_refuses_a_replayed_callback(
    oidc_flow: OidcFlow, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    callback = oidc_flow(client, person="U04")
    assert client.get(callback).status_code == 302
    citizen = Citizen.objects.get(bpk2="BUNDIDSIM-U04")
    last_login = citizen.last_login_at
    # the same browser again (it stays logged in from the first time)
    again = client.get(callback)
    assert again.status_code == 403
    assert "bereits verwendet" in again.content.decode()
    # and someone who copied the address
    _refused(Client().get(callback), caplog, "replay", status=403, text="bereits verwendet")
    citizen.refresh_from_db()
    assert citizen.last_login_at == last_login


def test_it_refuses_a_callback_carried_into_another_browser(
    oidc_flow: OidcFlow, caplog: pytest.LogCaptureFixture
) -> None:
    # someone starts a login, then has a victim's browser finish it (login CSRF)
    callback = oidc_flow(Client(), person="U05")
    response = Client().get(callback)
    _refused(response, caplog, "foreign_browser", status=403, text="anderen Browser")
    assert not Citizen.objects.filter(bpk2="BUNDIDSIM-U05").exists()


def test_it_refuses_when_the_person_cancels_at_the_provider(
    oidc_flow: OidcFlow, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    callback = oidc_flow(client, person="U07", cancel=True)
    assert "error=access_denied" in callback
    _refused(client.get(callback), caplog, "cancelled", status=400, text="abgebrochen")
    assert not Citizen.objects.filter(bpk2="BUNDIDSIM-U07").exists()


def test_it_refuses_another_provider_error(
    oidc_flow: OidcFlow, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    callback = oidc_flow(client, person="U07", cancel=True)
    response = client.get(_with(callback, error="server_error"))
    _refused(response, caplog, "provider_error", status=400, text="nicht abgeschlossen")


def test_it_refuses_a_lower_level_than_requested(
    oidc_flow: OidcFlow, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    callback = oidc_flow(client, person="U11", query="niveau=hoch", level="niedrig")
    _refused(client.get(callback), caplog, "trust_level", status=400, text="Vertrauensniveau")
    assert not Citizen.objects.filter(bpk2="BUNDIDSIM-U11").exists()


def test_it_refuses_when_the_pkce_verifier_does_not_match(
    oidc_flow: OidcFlow, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    callback = oidc_flow(client, person="U12")
    # a code stolen on its way back is worthless without the verifier only we hold
    LoginRequest.objects.filter(request_id=_state(callback)).update(code_verifier="x" * 64)
    _refused(client.get(callback), caplog, "token", status=400)
    assert not Citizen.objects.filter(bpk2="BUNDIDSIM-U12").exists()


def test_it_refuses_when_the_client_secret_is_wrong(
    oidc_flow: OidcFlow, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    callback = oidc_flow(client, person="U12")
    with override_settings(RATHAUS_OIDC_CLIENT_SECRET="falsch"):
        _refused(client.get(callback), caplog, "token", status=400)


def test_it_refuses_a_forged_code(oidc_flow: OidcFlow, caplog: pytest.LogCaptureFixture) -> None:
    client = Client()
    callback = oidc_flow(client, person="U12")
    _refused(client.get(_with(callback, code="erfunden")), caplog, "token", status=400)


def test_it_refuses_an_answer_naming_another_issuer(
    oidc_flow: OidcFlow, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    callback = oidc_flow(client, person="U12")
    response = client.get(_with(callback, iss="https://anderer-anbieter.example"))
    _refused(response, caplog, "issuer", status=403)


@pytest.mark.parametrize(
    "target", ["https://evil.example/steal", "//evil.example/steal", "/\\evil.example"]
)
def test_a_next_address_on_another_host_ends_on_the_start_page(
    oidc_flow: OidcFlow, caplog: pytest.LogCaptureFixture, target: str
) -> None:
    client = Client()
    callback = oidc_flow(client, person="U01", query=urlencode({"next": target}))
    assert LoginRequest.objects.get(request_id=_state(callback)).next_url == "/"
    response = client.get(callback)
    assert response.status_code == 302
    assert response["Location"] == "/"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("next address off this site ignored" in message for message in warnings)
