"""rathaus staff add|list|remove|unlock: staff accounts, their role per authority, lockouts."""

from __future__ import annotations

import secrets
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rathaus.authorities.models import Authority, StaffRole
from rathaus.authorities.selectors import authorities_named, staff_device, staff_memberships
from rathaus.authorities.services import (
    staff_account_create,
    staff_login_unlock,
    staff_membership_grant,
    staff_membership_revoke,
    staff_totp_device_issue,
    totp_secret_base32,
)


class Command(BaseCommand):
    help = (
        "Verwaltungskonten: anlegen mit Rolle je Behörde und TOTP, auflisten, entfernen, "
        "Sperren aufheben / staff accounts: add with a role per authority and TOTP, list, "
        "remove, unlock"
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Konto anlegen oder Rolle geben / add or grant")
        add.add_argument("--username", required=True)
        add.add_argument("--email", default="")
        add.add_argument("--authority", required=True, help="Name oder Nummer / name or id")
        add.add_argument("--role", required=True, choices=StaffRole.values)
        add.add_argument(
            "--password-stdin", action="store_true", help="Passwort von stdin / from stdin"
        )
        add.add_argument(
            "--new-device", action="store_true", help="neuen TOTP-Schlüssel / new TOTP secret"
        )
        listing = actions.add_parser("list", help="Mitgliedschaften zeigen / list memberships")
        listing.add_argument("--authority", default="")
        listing.add_argument("--username", default="")
        remove = actions.add_parser("remove", help="Rolle entziehen / revoke memberships")
        remove.add_argument("--username", required=True)
        remove.add_argument("--authority", default="", help="ohne: alle / without: all")
        unlock = actions.add_parser("unlock", help="Anmeldesperre aufheben / lift a lockout")
        unlock.add_argument("--username", required=True)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        {"add": self._add, "list": self._list, "remove": self._remove, "unlock": self._unlock}[
            action
        ](**options)

    def _authority(self, name_or_id: str) -> Authority:
        found = authorities_named(name_or_id=name_or_id)
        if not found:
            raise CommandError(f"Keine Behörde {name_or_id!r}. / No such authority.")
        if len(found) > 1:
            ids = ", ".join(f"{a.pk} ({a.region})" for a in found)
            raise CommandError(
                f"Mehrere Behörden heißen {name_or_id!r}: {ids}. Bitte die Nummer angeben. / "
                "Several authorities have this name: give the id."
            )
        return found[0]

    def _add(
        self,
        *,
        username: str,
        email: str,
        authority: str,
        role: str,
        password_stdin: bool,
        new_device: bool,
        **options: Any,
    ) -> None:
        target = self._authority(authority)
        password = None
        if password_stdin:
            password = (options.get("stdin") or sys.stdin).readline().rstrip("\n")
        try:
            with transaction.atomic():
                user, created = staff_account_create(
                    username=username, email=email, password=password
                )
                one_time = None
                if created and password is None:
                    one_time = secrets.token_urlsafe(12)
                    user.set_password(one_time)
                    user.save(update_fields=["password"])
                staff_membership_grant(user=user, authority=target, role=role)
                device, issued = staff_totp_device_issue(user=user, replace=new_device)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self._report_added(user.username, created, one_time, target, role)
        self._report_device(device, issued)

    def _report_added(
        self, username: str, created: bool, one_time: str | None, target: Authority, role: str
    ) -> None:
        state = "angelegt / created" if created else "vorhanden / exists"
        self.stdout.write(f"Konto {username}: {state}")
        if one_time:
            self.stdout.write(
                f"Einmal-Passwort / one-time password: {one_time}\n"
                "  Bitte nach der ersten Anmeldung ändern (/verwaltung/password_change/). / "
                "Change it after the first login."
            )
        label = StaffRole(role).label
        self.stdout.write(f"Rolle / role: {label} ({role}) – {target.name} [{target.pk}]")

    def _report_device(self, device: Any, issued: bool) -> None:
        if not issued:
            self.stdout.write(
                "TOTP-Gerät vorhanden; neuer Schlüssel mit --new-device. / "
                "TOTP device exists; --new-device issues a new secret."
            )
            return
        self.stdout.write(
            "TOTP-Schlüssel für die Authenticator-App (nur jetzt sichtbar) / "
            "TOTP secret for the authenticator app (shown only now):\n"
            f"  {totp_secret_base32(device)}\n  {device.config_url}"
        )

    def _list(self, *, authority: str, username: str, **options: Any) -> None:
        target = self._authority(authority) if authority else None
        rows = staff_memberships(username=username, authority=target)
        for membership in rows:
            device = "" if staff_device(user=membership.user) else "  (kein TOTP / no TOTP)"
            self.stdout.write(
                f"{membership.user.username}\t{membership.role}\t"
                f"{membership.authority.name} [{membership.authority_id}]{device}"
            )
        self.stdout.write(f"{len(rows)} Mitgliedschaft(en) / membership(s)")

    def _remove(self, *, username: str, authority: str, **options: Any) -> None:
        target = self._authority(authority) if authority else None
        rows = staff_memberships(username=username, authority=target)
        if not rows:
            raise CommandError("Keine passende Mitgliedschaft. / No such membership.")
        for membership in rows:
            staff_membership_revoke(membership=membership)
            self.stdout.write(f"entzogen / revoked: {membership}")

    def _unlock(self, *, username: str, **options: Any) -> None:
        removed = staff_login_unlock(username=username)
        self.stdout.write(
            f"{username}: {removed} Fehlversuch-Eintrag/Einträge gelöscht, Anmeldung wieder "
            f"möglich. / {removed} failure record(s) removed, login possible again."
        )
