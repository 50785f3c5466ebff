"""Reads about organisations: whose they are, who belongs, who is acting for which."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from rathaus.identity.organisations.models import (
    ACTING_ROLES,
    Invitation,
    Organisation,
    OrganisationMembership,
    Role,
)
from rathaus.identity.organisations.tokens import token_hash

# the session remembers only the organisation's id; the membership is checked on every read
SESSION_ACTING = "identity_acting_organisation"


@dataclass(frozen=True)
class Member:
    """One row of an organisation's member list."""

    membership: OrganisationMembership
    name: str
    email: str


def person_name(user: User) -> str:
    """What a person is called on pages: their BundID name, else the account name."""
    citizen = getattr(user, "citizen", None)
    name = str(citizen) if citizen is not None else ""
    return name or user.get_full_name() or user.get_username()


def person_email(user: User) -> str:
    """The person's e-mail address as BundID or the account knows it, or ""."""
    citizen = getattr(user, "citizen", None)
    return (citizen.email if citizen is not None else "") or user.email


def organisations_of(*, user_id: int) -> list[OrganisationMembership]:
    """The person's memberships with their organisations, by organisation name."""
    return list(
        OrganisationMembership.objects.filter(user_id=user_id)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    )


def membership_of(*, user_id: int, organisation_id: int) -> OrganisationMembership | None:
    """The person's membership in this organisation (with it), or None."""
    return (
        OrganisationMembership.objects.filter(user_id=user_id, organisation_id=organisation_id)
        .select_related("organisation", "organisation__region")
        .first()
    )


_ROLE_ORDER = {Role.OWNER: 0, Role.MEMBER: 1, Role.READER: 2}


def members(*, organisation_id: int) -> list[Member]:
    """Everyone in the organisation: owners first, then by name."""
    rows = [
        Member(membership=m, name=person_name(m.user), email=person_email(m.user))
        for m in OrganisationMembership.objects.filter(organisation_id=organisation_id)
        .select_related("user", "user__citizen")
        .order_by("created_at", "pk")
    ]
    return sorted(rows, key=lambda row: (_ROLE_ORDER[Role(row.membership.role)], row.name))


def owner_count(*, organisation_id: int) -> int:
    """How many owners the organisation has."""
    return OrganisationMembership.objects.filter(
        organisation_id=organisation_id, role=Role.OWNER
    ).count()


def _open() -> Q:
    return Q(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


def invitations_open(*, organisation_id: int) -> QuerySet[Invitation]:
    """Invitations still waiting to be accepted, newest first."""
    return Invitation.objects.filter(_open(), organisation_id=organisation_id).order_by(
        "-created_at"
    )


def invitation_open_to(*, organisation_id: int, email: str) -> bool:
    """Whether an open invitation to this address exists."""
    return invitations_open(organisation_id=organisation_id).filter(email__iexact=email).exists()


def invitation_of_organisation(*, organisation_id: int, invitation_id: str) -> Invitation | None:
    """The organisation's invitation with this id, or None (also for malformed ids)."""
    try:
        pk = uuid.UUID(invitation_id)
    except ValueError:
        return None
    return Invitation.objects.filter(pk=pk, organisation_id=organisation_id).first()


def invitation_by_token(*, token: str) -> Invitation | None:
    """The invitation a link token names, whatever its state, or None."""
    return (
        Invitation.objects.filter(token_hash=token_hash(token))
        .select_related("organisation", "invited_by", "invited_by__citizen")
        .first()
    )


def is_member_email(*, organisation_id: int, email: str) -> bool:
    """Whether a member's account or BundID data carries this e-mail address."""
    return OrganisationMembership.objects.filter(
        Q(user__email__iexact=email) | Q(user__citizen__email__iexact=email),
        organisation_id=organisation_id,
    ).exists()


def acting_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation the logged-in person acts for now, or None when they act for
    themselves. Checks the membership on every call: a removed member, or one now only
    allowed to read, silently acts for themselves again."""
    organisation_id = request.session.get(SESSION_ACTING)
    if organisation_id is None:
        return None
    user: AbstractBaseUser | AnonymousUser | None = getattr(request, "user", None)
    membership = None
    if user is not None and user.is_authenticated and isinstance(organisation_id, int):
        membership = (
            OrganisationMembership.objects.filter(
                user_id=user.pk, organisation_id=organisation_id, role__in=ACTING_ROLES
            )
            .select_related("organisation")
            .first()
        )
    if membership is None:
        del request.session[SESSION_ACTING]
        return None
    return membership.organisation


def may_act_for(*, user_id: int, organisation_id: int) -> bool:
    """Whether the person may (still) act for the organisation: owner or member."""
    return OrganisationMembership.objects.filter(
        user_id=user_id, organisation_id=organisation_id, role__in=ACTING_ROLES
    ).exists()
