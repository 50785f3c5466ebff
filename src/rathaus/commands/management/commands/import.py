"""rathaus import regions|catalog|rules|authorities [DIR] · rathaus import form FILE"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rathaus.commands.form_imports import read_fim_file, read_form_file, report_lines, store_form
from rathaus.commands.imports import KINDS, run_import
from rathaus.common.csvimport import ImportFailed

FORM_KINDS = ("form", "fim")


class Command(BaseCommand):
    help = (
        "Importiert Gebiete, Leistungskatalog, Zuständigkeitsregeln, Behörden (DIR) "
        "oder ein Formular im eigenen Format (FILE)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=(*KINDS, *FORM_KINDS))
        parser.add_argument("path", nargs="?", help="Datenverzeichnis oder Formulardatei")
        parser.add_argument("--quiet", action="store_true", help="keinen Fortschritt zeigen")
        parser.add_argument("--service", help="Formular an diese Leistung (LeiKa-Schlüssel) hängen")
        parser.add_argument("--publish", action="store_true", help="gleich veröffentlichen")
        parser.add_argument(
            "--codelists",
            action="append",
            default=[],
            metavar="DIR",
            help="Ordner mit genericode-Codelisten (mehrfach möglich)",
        )

    def handle(self, *args: Any, kind: str, path: str | None, quiet: bool, **options: Any) -> None:
        if kind in FORM_KINDS:
            self._import_form(kind, path, options)
            return
        try:
            report = run_import(kind, path, quiet=quiet)
        except ImportFailed as failure:
            shown = "\n".join(f"  {line}" for line in failure.errors[:50])
            more = len(failure.errors) - 50
            raise CommandError(
                "Import abgebrochen, nichts wurde geändert / import refused, nothing changed:\n"
                + shown
                + (f"\n  … und {more} weitere" if more > 0 else "")
            ) from None
        for line in report.summary():
            self.stdout.write(line)

    def _import_form(self, kind: str, path: str | None, options: dict[str, Any]) -> None:
        if not path:
            raise CommandError("Bitte die Formulardatei angeben / please name the form file")
        file = Path(path)
        report: dict[str, object] = {}
        if kind == "fim":
            definition, report = read_fim_file(file, [Path(d) for d in options["codelists"]])
            for line in report_lines(report):
                self.stdout.write(line)
        else:
            definition = read_form_file(file)
        version = store_form(
            definition,
            source_name=file.name,
            report=report,
            leika_key=options["service"],
            publish=options["publish"],
        )
        self.stdout.write(
            f"{version.form.title}: Version {version.number} ({version.get_status_display()})"
        )
