"""The staff login through its real form: password and TOTP code, lockout, a new session."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import F
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.authorities.services import staff_account_create
from tests.authorities.conftest import staff_member
from tests.staff import totp_code
from tests.submissions.journey import START

pytestmark = pytest.mark.django_db

LOGIN = "/verwaltung/login/"
PASSWORD = "ein-langes-passwort-fuer-tests-42"


@pytest.fixture
def member() -> User:
    user = staff_member("sachbearbeitung-test")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client: Client, user: User, code: str | None = None, **extra: str) -> Any:
    data = {"username": user.username, "password": PASSWORD, "otp_token": code or ""}
    return client.post(LOGIN, {**data, **extra})


def _in(client: Client) -> bool:
    return client.get("/verwaltung/").status_code == 200


def _time_passes(minutes: float) -> None:
    """Move the recorded failures (axes) and the device's back-off (django-otp) back."""
    earlier = timedelta(minutes=minutes)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - earlier)
    TOTPDevice.objects.filter(throttling_failure_timestamp__isnull=False).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - earlier
    )


def test_password_and_current_code_log_in_with_a_new_session_key(
    client: Client, member: User
) -> None:
    client.get(START, {"ags": "06611000"})  # an anonymous session exists before the login
    before = client.session.session_key
    response = _login(client, member, totp_code(member))
    assert response.status_code == 302
    assert client.session.session_key not in (None, before)
    assert _in(client)


def test_the_login_page_asks_for_the_code_with_a_label(client: Client) -> None:
    html = client.get(LOGIN).content.decode()
    assert '<label for="id_otp_token"' in html and "Sicherheitscode" in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert 'name="otp_device"' not in html  # the device comes from the account


def test_without_a_code_the_login_asks_for_it(client: Client, member: User) -> None:
    response = _login(client, member)
    assert response.status_code == 200
    assert "Bitte geben Sie den Sicherheitscode" in response.content.decode()
    assert PASSWORD not in response.content.decode()  # the password is not put back
    assert not _in(client)


def test_a_wrong_code_is_refused_and_counted(client: Client, member: User) -> None:
    wrong = f"{(int(totp_code(member)) + 1) % 1_000_000:06d}"
    response = _login(client, member, wrong)
    assert "Der Sicherheitscode stimmt nicht" in response.content.decode()
    assert not _in(client)
    attempt = AccessAttempt.objects.get(username=member.username)
    assert attempt.failures_since_start == 1
    assert "otp_token=********" in attempt.post_data and wrong not in attempt.post_data


def test_a_code_is_taken_only_once(member: User) -> None:
    code = totp_code(member)
    first, second = Client(), Client()
    assert _login(first, member, code).status_code == 302
    assert _login(second, member, code).status_code == 200
    assert not _in(second)


@pytest.mark.parametrize("superuser", [False, True])
def test_an_account_without_a_device_cannot_log_in(client: Client, superuser: bool) -> None:
    user, _ = staff_account_create(username="ohne-geraet", email="", password=PASSWORD)
    user.is_superuser = superuser
    user.save()
    response = _login(client, user, "123456")
    assert "kein zweiter Faktor eingerichtet" in response.content.decode()
    assert not _in(client)


def test_the_english_login_page_speaks_english(client: Client, member: User) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(LOGIN).content.decode()
    assert "Security code" in html
    assert "The 6 digits your authenticator app shows" in html
    response = _login(client, member)
    assert "Please enter the security code from your authenticator app." in (
        response.content.decode()
    )


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_out_from_that_address(
    member: User, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client(REMOTE_ADDR="192.0.2.10")
    assert _login(client, member, password="falsch").status_code == 200  # wrong password
    assert _login(client, member, "000000").status_code == 200  # wrong code
    locked = _login(client, member, "000001")  # the third failure locks
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in html and "15 Minuten" in html
    assert "locked out" in caplog.text and member.username in caplog.text
    # locked: even the right password and code are refused, from that address
    assert _login(client, member, totp_code(member)).status_code == 429
    assert not _in(client)
    elsewhere = Client(REMOTE_ADDR="192.0.2.99")
    TOTPDevice.objects.update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=9))
    assert _login(elsewhere, member, totp_code(member, steps_ahead=1)).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_lockout_ends_after_its_minutes_however_often_one_tries(member: User) -> None:
    client = Client(REMOTE_ADDR="192.0.2.20")
    _login(client, member, "000000")
    assert _login(client, member, "000001").status_code == 429
    _time_passes(minutes=14)
    assert _login(client, member, totp_code(member)).status_code == 429  # does not extend it
    _time_passes(minutes=2)
    assert _login(client, member, totp_code(member)).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_unlock_command_lifts_a_lockout_early(member: User) -> None:
    client = Client(REMOTE_ADDR="192.0.2.30")
    _login(client, member, "000000")
    assert _login(client, member, "000001").status_code == 429
    call_command("staff", "unlock", "--username", member.username)
    assert _login(client, member, totp_code(member)).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=1)
def test_the_lockout_page_speaks_english(member: User) -> None:
    client = Client(REMOTE_ADDR="192.0.2.40")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = _login(client, member, "000000").content.decode()
    assert "Login temporarily locked" in html and "15 minutes" in html
