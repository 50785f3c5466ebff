"""Reads of the register of authorities and of who works for which one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.authorities.models import Authority, AuthorityKind, StaffMembership, StaffRole
from rathaus.territory.models import Region


def authorities_for_regions(*, regions: list[Region]) -> list[Authority]:
    """Authorities seated in any of these regions, plus the federal ones."""
    query = Q(region__in=regions) | Q(kind=AuthorityKind.BUNDESBEHOERDE)
    return list(Authority.objects.filter(query).select_related("region").order_by("pk"))


def staff_roles(*, user: AbstractBaseUser | AnonymousUser) -> dict[int, str]:
    """The user's role per authority id; empty for citizens and staff without membership."""
    if not user.is_authenticated or not user.is_active:
        return {}
    rows = StaffMembership.objects.filter(user_id=user.pk).values_list("authority_id", "role")
    return dict(rows)


def roles_grantable(*, user: AbstractBaseUser | AnonymousUser, authority_id: int) -> list[str]:
    """The roles this user may give others in this authority.

    Land operators (superusers) give every role; an authority's administration adds
    caseworkers and readers to its own authority only.
    """
    if getattr(user, "is_superuser", False):
        return list(StaffRole.values)
    if staff_roles(user=user).get(authority_id) == StaffRole.ADMIN:
        return [StaffRole.CASEWORKER, StaffRole.READER]
    return []


def staff_memberships(
    *, username: str = "", authority: Authority | None = None
) -> list[StaffMembership]:
    """Memberships with account and authority, filtered by either, for listings."""
    found = StaffMembership.objects.select_related("user", "authority")
    if username:
        found = found.filter(user__username=username)
    if authority is not None:
        found = found.filter(authority=authority)
    return list(found.order_by("authority__name", "user__username"))


def authorities_named(*, name_or_id: str) -> list[Authority]:
    """Authorities with exactly this name, or the one with this id (for the command line)."""
    text = name_or_id.strip()
    if text.isdigit():
        return list(Authority.objects.filter(pk=int(text)))
    return list(Authority.objects.filter(name=text).select_related("region"))


def staff_device(*, user: AbstractBaseUser) -> Any:
    """The account's confirmed TOTP device (the second factor of the staff login), or None."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()
