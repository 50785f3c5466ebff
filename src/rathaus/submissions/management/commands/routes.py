"""rathaus routes: how an authority receives its applications (channel and settings)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rathaus.authorities.models import Authority
from rathaus.submissions.delivery.routes import route_save


class Command(BaseCommand):
    help = "Legt fest, wie eine Behörde ihre Anträge erhält. / Sets an authority's channel."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["set"])
        parser.add_argument("--authority", required=True, help="Name der Behörde")
        parser.add_argument("--channel", required=True, help="z. B. inbox, email, webhook")
        parser.add_argument("--config", default="{}", help="Einstellungen als JSON-Objekt")

    def handle(self, *args: Any, authority: str, channel: str, config: str, **opts: Any) -> None:
        found = Authority.objects.filter(name=authority).first()
        if found is None:
            raise CommandError(f"Keine Behörde namens {authority!r}. / No such authority.")
        try:
            values = json.loads(config)
        except json.JSONDecodeError as error:
            raise CommandError(f"--config ist kein JSON / is not JSON: {error}") from None
        if not isinstance(values, dict):
            raise CommandError("--config muss ein JSON-Objekt sein. / must be a JSON object.")
        try:
            route_save(authority=found, channel=channel, settings=values)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"{found.name}: {channel}")
