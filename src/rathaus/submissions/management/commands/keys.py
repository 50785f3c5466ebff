"""rathaus keys rotate: re-wraps stored data keys with the current encryption key."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from rathaus.common.crypto import configured_key_ring
from rathaus.submissions.attachments.services import attachments_rewrap
from rathaus.submissions.services import drafts_rewrap


class Command(BaseCommand):
    help = (
        "Schlüsselwechsel: verpackt die Datenschlüssel mit dem ersten Schlüssel aus "
        "RATHAUS_ENCRYPTION_KEYS neu / re-wraps data keys with the current key."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("rotate", help="Datenschlüssel neu verpacken / re-wrap data keys")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        current = configured_key_ring().current_id
        changed, total = drafts_rewrap()
        self.stdout.write(
            self.style.SUCCESS(
                f"Entwürfe: {changed} von {total} auf Schlüssel {current!r} umgestellt. / "
                f"Drafts: {changed} of {total} re-wrapped with key {current!r}."
            )
        )
        changed, total = attachments_rewrap()
        self.stdout.write(
            self.style.SUCCESS(
                f"Anlagen: {changed} von {total} auf Schlüssel {current!r} umgestellt. / "
                f"Attachments: {changed} of {total} re-wrapped with key {current!r}."
            )
        )
