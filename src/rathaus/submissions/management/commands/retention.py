"""rathaus retention report|apply: what the retention rules remove, and removing it."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from rathaus.submissions.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Aufbewahrungsfristen: 'report' zeigt, was gelöscht oder anonymisiert würde "
        "(Probelauf); 'apply' führt es aus. / Retention: dry-run report or apply."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["report", "apply"])
        parser.add_argument(
            "--list", dest="itemise", action="store_true", help="Aktenzeichen einzeln nennen"
        )

    def handle(self, *args: Any, action: str, itemise: bool, **options: Any) -> None:
        report = retention_apply(dry_run=action == "report")
        if report.dry_run:
            self.stdout.write("Probelauf: nichts wird geändert. / Dry run: nothing changes.")
        for line in report.lines():
            self.stdout.write(line)
        if itemise:
            for reference in [*report.after_delivery, *report.after_closing]:
                self.stdout.write(f"  {reference}")
