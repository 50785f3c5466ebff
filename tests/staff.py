"""Staff in tests: a client whose login passed the TOTP step, and codes from a device."""

from __future__ import annotations

import base64

from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from rathaus.authorities.selectors import staff_device
from rathaus.authorities.services import staff_totp_device_issue


def code_for_secret(secret: str) -> str:
    """The current code for a base32 secret, as an authenticator app computes it."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def totp_code(user: User, *, steps_ahead: int = 0) -> str:
    """The code the account's authenticator app shows now (or so many 30 s steps later)."""
    device = staff_device(user=user)
    assert device is not None, f"{user} has no TOTP device"
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def staff_client(user: User, client: Client | None = None) -> Client:
    """A client logged in as this staff account with a verified TOTP device.

    For tests that are not about the login itself; tests/authorities/test_staff_login.py
    logs in through the real form.
    """
    client = client or Client()
    device, _issued = staff_totp_device_issue(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
