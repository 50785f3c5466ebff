"""A logged-in citizen for page tests that are not about the login itself.

The values are those of the BundID simulator's fictitious person U01; the login through the
real development IdP is tested in test_login.py and the e2e tests.
"""

from __future__ import annotations

from django.test import Client

from rathaus.identity.models import Citizen
from rathaus.identity.services import citizen_register
from rathaus.identity.trust import SESSION_KEY, TrustLevel

MARIA = {
    "given_name": "Maria",
    "surname": "Neumann",
    "birth_name": "Winter",
    "birthdate": "1964-08-12",
    "place_of_birth": "Berlin",
    "email": "maria.neumenn@example.com",
    "postal_address": "Thomas-Mann-Straße 3",
    "postal_code": "10409",
    "locality": "Berlin",
    "country": "DE",
}


def citizen_create(bpk2: str = "BUNDIDSIM-U01", **fields: str) -> Citizen:
    """A person as if logged in once with BundID: registered through the real service (a
    password-less account and its Citizen), with Maria's attributes unless `fields` differ."""
    values = {**MARIA, **fields}
    citizen = citizen_register(
        bpk2=bpk2,
        given_name=values.pop("given_name"),
        surname=values.pop("surname"),
        email=values.pop("email"),
        level=TrustLevel.SUBSTANZIELL,
    )
    Citizen.objects.filter(pk=citizen.pk).update(**values)
    citizen.refresh_from_db()
    return citizen


def citizen_client(citizen: Citizen, level: str | None = "substanziell") -> Client:
    """A browser session logged in as the citizen at `level` (None: logged in, no level)."""
    client = Client()
    client.force_login(citizen.user)
    if level is not None:
        session = client.session
        session[SESSION_KEY] = level
        session.save()
    return client
