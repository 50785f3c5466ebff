"""`rathaus api-clients add|list|revoke`: the API clients (Fachverfahren) of authorities."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rathaus.api.models import ApiClient, Scope
from rathaus.api.services import api_client_create, api_client_revoke
from rathaus.authorities.models import Authority


class Command(BaseCommand):
    help = "API-Clients der Behörden anlegen, auflisten, widerrufen."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="einen Client anlegen; das Token erscheint einmal")
        add.add_argument("--authority", required=True, help="Name oder Nummer der Behörde")
        add.add_argument("--name", required=True)
        add.add_argument(
            "--scopes",
            required=True,
            help="durch Komma getrennt: " + ", ".join(Scope.values),
        )
        sub.add_parser("list", help="alle Clients")
        revoke = sub.add_parser("revoke", help="einen Client widerrufen")
        revoke.add_argument("client_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "add":
            self._add(options["authority"], options["name"], options["scopes"])
        elif action == "list":
            for client in ApiClient.objects.select_related("authority"):
                state = f"widerrufen {client.revoked_at:%Y-%m-%d}" if client.revoked_at else "aktiv"
                self.stdout.write(
                    f"{client.pk}\t{client.token_prefix}…\t{client.authority.name}\t"
                    f"{client.name}\t{','.join(client.scopes)}\t{state}"
                )
        else:
            found = ApiClient.objects.filter(pk=options["client_id"]).first()
            if found is None:
                raise CommandError("Diesen API-Client gibt es nicht.")
            api_client_revoke(client=found)
            self.stdout.write(f"Widerrufen: {found}")

    def _add(self, authority_key: str, name: str, scopes_text: str) -> None:
        found = Authority.objects.filter(name=authority_key)
        if authority_key.isdigit():
            found = found | Authority.objects.filter(pk=int(authority_key))
        authority = found.first()
        if authority is None:
            raise CommandError(f"Keine Behörde {authority_key!r}.")
        scopes = [s.strip() for s in scopes_text.split(",") if s.strip()]
        try:
            client, token = api_client_create(authority=authority, name=name, scopes=scopes)
        except ValueError as error:
            raise CommandError(f"Ungültige Berechtigungen: {error}") from error
        self.stdout.write(f"API-Client {client.pk} angelegt für {authority.name}.")
        self.stdout.write("Token (wird nur jetzt angezeigt / shown only now):")
        self.stdout.write(token)
