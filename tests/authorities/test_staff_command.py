"""rathaus staff: an operator adds a staff member who then logs in with the printed secret."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from rathaus.authorities.models import Authority, StaffMembership, StaffRole
from tests.staff import code_for_secret

pytestmark = pytest.mark.django_db

KASSEL = "Stadtverwaltung Kassel"


def _staff(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    extra = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command("staff", *args, stdout=out, **extra)
    return out.getvalue()


def _code_from(output: str) -> str:
    """What an authenticator app shows after the secret printed by the command was typed in."""
    return code_for_secret(_secret(output))


def test_add_creates_account_role_and_device_and_the_person_logs_in() -> None:
    output = _staff(
        "add", "--username", "m.weber", "--email", "m.weber@kassel.example",
        "--authority", KASSEL, "--role", "caseworker",
    )  # fmt: skip
    password = re.search(r"one-time password: (\S+)", output)
    assert password is not None
    assert "otpauth://totp/Rathaus%3Am.weber?secret=" in output and "issuer=Rathaus" in output
    membership = StaffMembership.objects.get(user__username="m.weber")
    assert (membership.authority.name, membership.role) == (KASSEL, StaffRole.CASEWORKER)
    client = Client()
    response = client.post(
        "/verwaltung/login/",
        {"username": "m.weber", "password": password[1], "otp_token": _code_from(output)},
    )
    assert response.status_code == 302
    assert client.get("/verwaltung/submissions/submission/").status_code == 200


def test_a_password_from_stdin_is_checked_and_used() -> None:
    with pytest.raises(CommandError, match=r"zu kurz|too short"):
        _staff(
            "add", "--username", "kurz", "--authority", KASSEL, "--role", "reader",
            "--password-stdin", stdin="abc\n",
        )  # fmt: skip
    assert not User.objects.filter(username="kurz").exists()
    output = _staff(
        "add", "--username", "lang", "--authority", KASSEL, "--role", "reader",
        "--password-stdin", stdin="ein-gutes-langes-passwort-77\n",
    )  # fmt: skip
    assert "one-time password" not in output
    assert User.objects.get(username="lang").check_password("ein-gutes-langes-passwort-77")


def test_adding_again_changes_the_role_and_keeps_the_device() -> None:
    first = _staff("add", "--username", "b.k", "--authority", KASSEL, "--role", "reader")
    again = _staff("add", "--username", "b.k", "--authority", KASSEL, "--role", "admin")
    assert "TOTP device exists" in again and "otpauth://" not in again
    assert StaffMembership.objects.get(user__username="b.k").role == StaffRole.ADMIN
    renewed = _staff(
        "add", "--username", "b.k", "--authority", KASSEL, "--role", "admin", "--new-device"
    )
    assert _secret(renewed) != _secret(first)


def _secret(output: str) -> str:
    found = re.search(r"secret=([A-Z2-7]+)", output)
    assert found is not None
    return found[1]


def test_an_authority_is_found_by_id_and_a_bad_one_changes_nothing() -> None:
    kassel = Authority.objects.get(name=KASSEL)
    _staff("add", "--username", "per-id", "--authority", str(kassel.pk), "--role", "reader")
    assert StaffMembership.objects.get(user__username="per-id").authority == kassel
    with pytest.raises(CommandError, match="Keine Behörde"):
        _staff("add", "--username", "niemand", "--authority", "Amt X", "--role", "reader")
    assert not User.objects.filter(username="niemand").exists()


def test_a_citizens_account_never_becomes_a_staff_account() -> None:
    User.objects.create_user("bundid-0123456789abcdef")
    with pytest.raises(CommandError, match="kein Verwaltungskonto"):
        _staff(
            "add", "--username", "bundid-0123456789abcdef", "--authority", KASSEL,
            "--role", "admin",
        )  # fmt: skip
    assert not User.objects.get(username="bundid-0123456789abcdef").is_staff
    assert not StaffMembership.objects.filter(user__username="bundid-0123456789abcdef").exists()


def test_list_and_remove() -> None:
    _staff("add", "--username", "l.a", "--authority", KASSEL, "--role", "reader")
    listing = _staff("list", "--authority", KASSEL)
    assert re.search(r"^l\.a\treader\tStadtverwaltung Kassel", listing, re.MULTILINE)
    assert re.search(r"^kassel\tcaseworker", listing, re.MULTILINE)  # the demo's caseworker
    _staff("remove", "--username", "l.a")
    assert not StaffMembership.objects.filter(user__username="l.a").exists()
    with pytest.raises(CommandError, match="Keine passende Mitgliedschaft"):
        _staff("remove", "--username", "l.a")
