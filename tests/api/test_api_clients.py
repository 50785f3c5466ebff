"""API clients on the command line: the token is printed once, stored only as a hash, and
revoking it takes effect at once."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from rathaus.api.models import ApiClient
from rathaus.cli import main

pytestmark = pytest.mark.django_db


def _token_from(output: str) -> str:
    return output.strip().splitlines()[-1]


def test_add_prints_the_token_once_and_keeps_only_its_hash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command(
        *[
            "api_clients",
            "add",
            "--authority",
            "Stadtverwaltung Kassel",
            "--name",
            "Sperrmüll-Fachverfahren",
            "--scopes",
            "submissions:read,submissions:write",
        ]
    )
    token = _token_from(capsys.readouterr().out)
    client = ApiClient.objects.get()
    assert client.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ApiClient.objects.values().get())
    assert client.scopes == ["submissions:read", "submissions:write"]
    response = Client().get("/api/v1/submissions", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200

    call_command("api_clients", "list")
    listing = capsys.readouterr().out
    assert client.token_prefix in listing and token not in listing

    call_command("api_clients", "revoke", str(client.pk))
    response = Client().get("/api/v1/submissions", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    client.refresh_from_db()
    assert client.revoked_at is not None


@pytest.mark.parametrize(
    ("authority", "scopes"),
    [("Stadtverwaltung Kassel", "submissions:delete"), ("Gibt es nicht", "submissions:read")],
)
def test_add_refuses_unknown_scopes_and_authorities(authority: str, scopes: str) -> None:
    with pytest.raises(CommandError, match=r"Berechtigungen|Keine Behörde"):
        call_command(
            "api_clients", "add", "--authority", authority, "--name", "x", "--scopes", scopes
        )
    assert not ApiClient.objects.exists()


def test_the_console_script_knows_the_hyphenated_name(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["api-clients", "--help"])  # argparse ends before any database access
    assert exit_info.value.code == 0
    assert "{add,list,revoke}" in capsys.readouterr().out


def test_the_admin_never_shows_a_token(admin_client: Client) -> None:
    from rathaus.api.services import api_client_create
    from rathaus.authorities.models import Authority

    authority = Authority.objects.get(name="Stadtverwaltung Kassel")
    client, token = api_client_create(authority=authority, name="FV", scopes=["submissions:read"])
    page = admin_client.get(f"/verwaltung/api/apiclient/{client.pk}/change/").content.decode()
    assert client.token_prefix in page
    assert token not in page and client.token_hash not in page
