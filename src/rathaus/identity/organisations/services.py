"""Writes about organisations: create, invite, accept, change roles, remove, revoke.

Every change to an organisation's members first locks the organisation's row, so two owners
acting at once cannot both remove "the other" owner and leave none.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import BaseUserManager, User
from django.db import IntegrityError, transaction
from django.utils import timezone

from rathaus.identity.organisations import tasks
from rathaus.identity.organisations.errors import (
    AlreadyInvited,
    AlreadyMember,
    InvitationInvalid,
    LastOwner,
    NotAllowed,
)
from rathaus.identity.organisations.models import (
    Invitation,
    Organisation,
    OrganisationMembership,
    Role,
)
from rathaus.identity.organisations.selectors import (
    invitation_open_to,
    is_member_email,
    owner_count,
)
from rathaus.identity.organisations.tokens import invitation_token, token_hash
from rathaus.territory.models import Region

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OrganisationDetails:
    """What describes an organisation (the fields a form or the admin fills)."""

    name: str
    kind: str
    region: Region | None = None
    street: str = ""
    postal_code: str = ""
    locality: str = ""
    register_entry: str = ""
    tax_number: str = ""


@dataclass(frozen=True)
class Accepted:
    """The outcome of accepting an invitation: the membership, and whether it is new."""

    membership: OrganisationMembership
    joined: bool


@transaction.atomic
def organisation_create(
    *, details: OrganisationDetails, created_by: User, owner: User | None
) -> Organisation:
    """Create an organisation; ``owner`` (the creating citizen) becomes its first owner.

    Land staff create municipalities in the admin without an owner and invite one.
    """
    values = {field.name: getattr(details, field.name) for field in fields(details)}
    organisation = Organisation(**values, created_by=created_by)
    organisation.full_clean()
    organisation.save()
    if owner is not None:
        OrganisationMembership.objects.create(
            organisation=organisation, user=owner, role=Role.OWNER
        )
    logger.info("organisation %s created kind=%s", organisation.pk, organisation.kind)
    return organisation


def organisation_save(*, organisation: Organisation) -> Organisation:
    """Save changed details of an organisation (the admin), checked like a new one."""
    organisation.full_clean()
    organisation.save()
    return organisation


def _lock(organisation_id: int) -> Organisation:
    """Take the organisation's row lock for the rest of the transaction."""
    return Organisation.objects.select_for_update().get(pk=organisation_id)


def _require_owner(*, actor: User, organisation_id: int, staff_permission: str) -> None:
    """Owners may manage members; so may Land staff holding the admin permission."""
    if actor.is_staff and actor.has_perm(f"identity.{staff_permission}"):
        return
    if not OrganisationMembership.objects.filter(
        organisation_id=organisation_id, user_id=actor.pk, role=Role.OWNER
    ).exists():
        raise NotAllowed(f"user {actor.pk} is no owner of organisation {organisation_id}")


def _role(value: str) -> Role:
    if value not in Role.values:
        raise ValueError(f"unknown role {value[:40]!r}")
    return Role(value)


def invitation_send(
    *, actor: User, organisation: Organisation, email: str, role: str
) -> Invitation:
    """Invite an e-mail address to join with a role; the e-mail goes out from a task."""
    chosen = _role(role)
    address = BaseUserManager.normalize_email(email.strip())
    with transaction.atomic():
        _lock(organisation.pk)
        _require_owner(
            actor=actor, organisation_id=organisation.pk, staff_permission="add_invitation"
        )
        if is_member_email(organisation_id=organisation.pk, email=address):
            raise AlreadyMember(f"{address} is a member of {organisation.pk}")
        if invitation_open_to(organisation_id=organisation.pk, email=address):
            raise AlreadyInvited(f"{address} has an open invitation to {organisation.pk}")
        now = timezone.now()
        invitation = Invitation(
            organisation=organisation,
            email=address,
            role=chosen,
            invited_by=actor,
            created_at=now,
            expires_at=now + timedelta(days=settings.RATHAUS_INVITATION_DAYS),
        )
        invitation.token_hash = token_hash(invitation_token(invitation_id=invitation.pk))
        invitation.save(force_insert=True)
        # queued in the same transaction: no invitation without its e-mail, and vice versa
        tasks.invitation_email_send.enqueue(str(invitation.pk))
    logger.info("invitation %s to organisation %s planned", invitation.pk, organisation.pk)
    return invitation


def invitation_revoke(*, actor: User, invitation: Invitation) -> bool:
    """Withdraw an open invitation; False when it was accepted or withdrawn already."""
    with transaction.atomic():
        _lock(invitation.organisation_id)
        _require_owner(
            actor=actor,
            organisation_id=invitation.organisation_id,
            staff_permission="change_invitation",
        )
        now = timezone.now()
        revoked = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
    if revoked:
        invitation.revoked_at = now
        logger.info("invitation %s revoked", invitation.pk)
    return revoked == 1


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Accepted:
    """Redeem an invitation link once: the logged-in person joins with its role.

    The address need not be the person's own (a shared office mailbox is common); the
    invitation records who accepted. Accepting twice (a double click) is answered with the
    membership the first click made. An existing member keeps their role.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token_hash=token_hash(token))
        .select_related("organisation")
        .first()
    )
    if invitation is None:
        raise InvitationInvalid("unknown")
    if invitation.accepted_at is not None:
        return _accepted_before(invitation, user)
    if invitation.revoked_at is not None:
        raise InvitationInvalid("revoked")
    now = timezone.now()
    if invitation.expires_at <= now:
        raise InvitationInvalid("expired")
    # the conditional UPDATE is the guard should two requests get this far
    if not Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(accepted_at=now, accepted_by=user):
        raise InvitationInvalid("used")
    membership, joined = _membership_get_or_create(invitation, user)
    logger.info("invitation %s accepted joined=%s", invitation.pk, joined)
    return Accepted(membership=membership, joined=joined)


def _accepted_before(invitation: Invitation, user: User) -> Accepted:
    membership = OrganisationMembership.objects.filter(
        organisation_id=invitation.organisation_id, user_id=user.pk
    ).first()
    if invitation.accepted_by_id != user.pk or membership is None:
        raise InvitationInvalid("used")
    return Accepted(membership=membership, joined=False)


def _membership_get_or_create(
    invitation: Invitation, user: User
) -> tuple[OrganisationMembership, bool]:
    try:
        with transaction.atomic():
            return OrganisationMembership.objects.get_or_create(
                organisation_id=invitation.organisation_id,
                user=user,
                defaults={"role": invitation.role},
            )
    except IntegrityError:  # joined by another invitation at this very moment
        membership = OrganisationMembership.objects.get(
            organisation_id=invitation.organisation_id, user=user
        )
        return membership, False


def member_role_change(
    *, actor: User, membership: OrganisationMembership, role: str
) -> OrganisationMembership:
    """Give a member another role; the last owner cannot give theirs away."""
    chosen = _role(role)
    with transaction.atomic():
        _lock(membership.organisation_id)
        _require_owner(
            actor=actor,
            organisation_id=membership.organisation_id,
            staff_permission="change_organisationmembership",
        )
        current = OrganisationMembership.objects.get(pk=membership.pk)
        if (
            current.role == Role.OWNER
            and chosen != Role.OWNER
            and owner_count(organisation_id=current.organisation_id) == 1
        ):
            raise LastOwner(f"membership {current.pk} holds the last owner role")
        OrganisationMembership.objects.filter(pk=current.pk).update(role=chosen)
    membership.role = chosen
    logger.info("membership %s now role=%s", membership.pk, chosen.value)
    return membership


def member_remove(*, actor: User, membership: OrganisationMembership) -> None:
    """Remove a member (an owner's act) or leave (one's own); never the last owner."""
    with transaction.atomic():
        _lock(membership.organisation_id)
        if membership.user_id != actor.pk:
            _require_owner(
                actor=actor,
                organisation_id=membership.organisation_id,
                staff_permission="delete_organisationmembership",
            )
        current = OrganisationMembership.objects.get(pk=membership.pk)
        if current.role == Role.OWNER and owner_count(organisation_id=current.organisation_id) == 1:
            raise LastOwner(f"membership {current.pk} holds the last owner role")
        current.delete()
    logger.info("membership %s removed", membership.pk)
