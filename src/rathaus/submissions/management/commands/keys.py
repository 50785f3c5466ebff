"""rathaus keys rotate: re-wraps stored data keys with the current encryption key."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand

from rathaus.common.crypto import configured_key_ring
from rathaus.common.rotation import column_rewrap, sealed_registered
from rathaus.submissions.attachments.services import attachments_rewrap
from rathaus.submissions.models import DeliveryRoute, Submission
from rathaus.submissions.services import drafts_rewrap

SEALED: list[tuple[str, str, Callable[[], tuple[int, int]]]] = [
    ("Entwürfe", "Drafts", drafts_rewrap),
    ("Anträge (Fachdaten)", "Submissions (data)", lambda: column_rewrap(Submission, "sealed_data")),
    (
        "Anträge (Kontakt)",
        "Submissions (contact)",
        lambda: column_rewrap(Submission, "sealed_contact"),
    ),
    (
        "Übermittlungswege",
        "Delivery routes",
        lambda: column_rewrap(DeliveryRoute, "sealed_settings"),
    ),
    ("Anlagen", "Attachments", attachments_rewrap),
]


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
        # other apps (the Postfach) register their sealed data in common.rotation
        for german, english, rewrap in [*SEALED, *sealed_registered()]:
            changed, total = rewrap()
            self.stdout.write(
                self.style.SUCCESS(
                    f"{german}: {changed} von {total} auf Schlüssel {current!r} umgestellt. / "
                    f"{english}: {changed} of {total} re-wrapped with key {current!r}."
                )
            )
