"""rathaus forms schema: the JSON Schema of the own form format."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from rathaus.forms.ownformat import format_json_schema


class Command(BaseCommand):
    help = "Hilfen für Formulare: `schema` gibt das JSON Schema des eigenen Formats aus."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["schema"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        self.stdout.write(format_json_schema())
