"""rathaus import regions|catalog|rules|authorities [DIR]"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rathaus.commands.imports import KINDS, run_import
from rathaus.common.csvimport import ImportFailed


class Command(BaseCommand):
    help = "Importiert Gebiete, Leistungskatalog, Zuständigkeitsregeln oder Behörden."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("directory", nargs="?", help="Datenverzeichnis (RATHAUS_DATA_DIR)")
        parser.add_argument("--quiet", action="store_true", help="keinen Fortschritt zeigen")

    def handle(
        self, *args: Any, kind: str, directory: str | None, quiet: bool, **options: Any
    ) -> None:
        try:
            report = run_import(kind, directory, quiet=quiet)
        except ImportFailed as failure:
            raise CommandError(
                "Import abgebrochen, nichts wurde geändert / import refused, nothing changed:\n"
                + "\n".join(f"  {line}" for line in failure.errors[:50])
                + (
                    f"\n  … und {len(failure.errors) - 50} weitere"
                    if len(failure.errors) > 50
                    else ""
                )
            ) from None
        for line in report.summary():
            self.stdout.write(line)
