"""Helpers for the organisation tests: fictitious citizens and organisations with members."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import User
from django.test import Client

from rathaus.identity.models import Organisation, OrganisationMembership
from rathaus.identity.organisations.models import OrganisationKind, Role
from rathaus.identity.organisations.services import OrganisationDetails, organisation_create
from tests.identity.people import citizen_create


def citizen(given_name: str = "Erika", surname: str = "Mustermann", email: str = "") -> User:
    """A person as if logged in once with BundID, under a fresh bPK2 (tests/identity/people)."""
    key = uuid.uuid4().hex
    fields = {"given_name": given_name, "surname": surname, "email": email}
    return citizen_create(f"TEST-{key}", **fields).user


def logged_in(user: User) -> Client:
    """A browser with the person's session."""
    client = Client()
    client.force_login(user)
    return client


def business(owner: User, name: str = "Mustermann Tischlerei GmbH") -> Organisation:
    """A business the person created, so they are its owner."""
    return organisation_create(
        details=OrganisationDetails(name=name, kind=OrganisationKind.BUSINESS),
        created_by=owner,
        owner=owner,
    )


def join(organisation: Organisation, user: User, role: Role) -> OrganisationMembership:
    """Put a person into an organisation directly (the tests of invitations do it properly)."""
    return OrganisationMembership.objects.create(organisation=organisation, user=user, role=role)


def detail_url(organisation: Organisation) -> str:
    return f"/organisationen/{organisation.pk}/"
