"""Writes to the register of authorities and to who works for which one."""

from __future__ import annotations

import base64
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.authorities.models import Authority, AuthorityKind, StaffMembership, StaffRole
from rathaus.common.csvimport import ImportReport
from rathaus.common.upsert import Upserter
from rathaus.territory.models import Region, RegionLevel

# The Land's ministries and the Themenfelder (OZG topic areas) each is the lead for.
HESSEN_MINISTRIES: list[tuple[str, str, str]] = [
    (
        "HMdI",
        "Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz",
        "Recht & Ordnung;Querschnitt;Ein- & Auswanderung",
    ),
    ("HMdF", "Hessisches Ministerium der Finanzen", "Steuern & Zoll"),
    ("HMdJ", "Hessisches Ministerium der Justiz und für den Rechtsstaat", ""),
    ("HKM", "Hessisches Ministerium für Kultus, Bildung und Chancen", "Bildung"),
    (
        "HMWK",
        "Hessisches Ministerium für Wissenschaft und Forschung, Kunst und Kultur",
        "Forschung & Förderung",
    ),
    (
        "HMWVW",
        "Hessisches Ministerium für Wirtschaft, Energie, Verkehr, Wohnen und ländlichen Raum",
        "Unternehmensführung & -entwicklung;Mobilität & Reisen;Bauen & Wohnen",
    ),
    (
        "HMLU",
        "Hessisches Ministerium für Landwirtschaft und Umwelt, Weinbau, Forsten, Jagd und Heimat",
        "Umwelt;Engagement & Hobby",
    ),
    (
        "HMAIJS",
        "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales",
        "Arbeit & Ruhestand",
    ),
    (
        "HMFG",
        "Hessisches Ministerium für Familie, Senioren, Sport, Gesundheit und Pflege",
        "Familie & Kind;Gesundheit",
    ),
    ("HMDI", "Hessisches Ministerium für Digitalisierung und Innovation", ""),
]

FEDERAL_AUTHORITY = ("Bund", "Zuständige Bundesbehörde")
# the name of the one TOTP device each staff account has (shown in the TOTP admin)
STAFF_DEVICE_NAME = "Rathaus"


def _municipal_kind(region: Region) -> str:
    return (
        AuthorityKind.STADTVERWALTUNG
        if region.kind.startswith("Stadt")
        else AuthorityKind.GEMEINDEVERWALTUNG
    )


def _municipal_name(region: Region) -> str:
    prefix = "Stadtverwaltung" if region.kind.startswith("Stadt") else "Gemeindeverwaltung"
    return f"{prefix} {region.name}"


def authorities_generate() -> ImportReport:
    """Create one authority per municipality, Kreis, Regierungsbezirk, the ministries and Bund."""
    report = ImportReport()
    with transaction.atomic():
        upserter = Upserter(Authority, key=lambda a: a.slug, label="Behörden", report=report)
        regions = Region.objects.select_related("parent").order_by("level", "ars")
        for region in regions:
            for described in _authorities_for(region):
                slug = slugify(described["name"])[:240] + "-" + region.ars[:5]
                upserter.apply(
                    slug,
                    {
                        "short_name": "",
                        "topics": "",
                        **described,
                        "slug": slug,
                        "region_id": region.pk,
                        "town": region.name if region.level == RegionLevel.GEMEINDE else "",
                        "email": f"poststelle@{slugify(region.name)}.rathaus.example",
                    },
                )
        name = FEDERAL_AUTHORITY[1]
        upserter.apply(
            slugify(name),
            {
                "name": name,
                "short_name": FEDERAL_AUTHORITY[0],
                "slug": slugify(name),
                "kind": AuthorityKind.BUNDESBEHOERDE,
                "region_id": None,
                "topics": "",
            },
        )
        upserter.flush()
    return report


def _authorities_for(region: Region) -> list[dict[str, str]]:
    if region.level == RegionLevel.LAND:
        return [
            {"name": name, "short_name": short, "kind": AuthorityKind.MINISTERIUM, "topics": topics}
            for short, name, topics in HESSEN_MINISTRIES
        ]
    if region.level == RegionLevel.REGIERUNGSBEZIRK:
        return [
            {
                "name": region.name.replace("Regierungsbezirk", "Regierungspräsidium"),
                "kind": AuthorityKind.REGIERUNGSPRAESIDIUM,
            }
        ]
    if region.level == RegionLevel.KREIS:
        if region.is_kreisfrei:
            return [
                {"name": f"Stadtverwaltung {region.name}", "kind": AuthorityKind.KREISFREIE_STADT}
            ]
        return [{"name": f"Kreisverwaltung {region.name}", "kind": AuthorityKind.KREISVERWALTUNG}]
    parent = region.parent
    if region.is_unincorporated or (parent is not None and parent.is_kreisfrei):
        return []
    return [{"name": _municipal_name(region), "kind": _municipal_kind(region)}]


def _role_checked(role: str) -> str:
    if role not in StaffRole.values:
        raise ValidationError(
            _("Unbekannte Rolle %(role)s. Erlaubt: %(roles)s.")
            % {"role": role, "roles": ", ".join(StaffRole.values)}
        )
    return role


def staff_membership_grant(
    *, user: User, authority: Authority, role: str, granted_by: User | None = None
) -> StaffMembership:
    """Give a staff account a role in an authority; an existing membership gets the new role."""
    _role_checked(role)
    if not user.is_staff or not user.is_active:
        raise ValidationError(
            _("Nur aktive Verwaltungskonten können einer Behörde angehören (%(user)s).")
            % {"user": user.get_username()}
        )
    membership, created = StaffMembership.objects.get_or_create(
        user=user, authority=authority, defaults={"role": role, "created_by": granted_by}
    )
    if not created and membership.role != role:
        membership = staff_membership_change(membership=membership, role=role)
    return membership


def staff_membership_change(*, membership: StaffMembership, role: str) -> StaffMembership:
    """Give a member another role in the same authority."""
    membership.role = _role_checked(role)
    membership.save(update_fields=["role"])
    return membership


def staff_membership_revoke(*, membership: StaffMembership) -> None:
    """End a membership: the account no longer sees that authority's data."""
    membership.delete()


def staff_account_create(*, username: str, email: str, password: str | None) -> tuple[User, bool]:
    """A staff account for the admin (found by username, or new); sets the password if given.

    Returns the account and whether it is new. A password is checked against the
    configured password rules first; an existing account that is not staff is refused.
    """
    user = User.objects.filter(username=username).first()
    if user is not None and not user.is_staff:
        # citizens' accounts (BundID) and the like never turn into staff accounts
        raise ValidationError(
            _("Das Konto %(user)s ist kein Verwaltungskonto; bitte einen anderen Namen wählen.")
            % {"user": username}
        )
    if password is not None:
        validate_password(password, user=user)
    created = user is None
    if user is None:
        user = User(username=username)
    user.email = email or user.email
    user.is_staff = user.is_active = True
    if password is not None:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    return user, created


def staff_totp_device_issue(*, user: User, replace: bool = False) -> tuple[Any, bool]:
    """The account's confirmed TOTP device, made if missing (or anew with `replace`).

    Returns the device and whether its secret is new (only then is it worth showing).
    """
    with transaction.atomic():
        existing = TOTPDevice.objects.filter(user=user, confirmed=True)
        if existing.exists() and not replace:
            return existing.first(), False
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=STAFF_DEVICE_NAME, confirmed=True)
    return device, True


def totp_secret_base32(device: Any) -> str:
    """The device's secret as authenticator apps ask for it when typed in by hand."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def staff_login_unlock(*, username: str) -> int:
    """Lift a login lockout of this account early (all addresses); returns records removed.

    The TOTP device's own back-off after wrong codes (django-otp) is reset as well.
    """
    removed: int = axes_reset(username=username)
    for device in TOTPDevice.objects.filter(user__username=username):
        device.throttle_reset()
    return removed
