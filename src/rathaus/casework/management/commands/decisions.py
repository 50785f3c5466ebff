"""rathaus decisions preview: a decision template as PDF, with sample or real values."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rathaus.casework.documents.preview import decision_preview
from rathaus.casework.documents.seal import SealError, decision_seal
from rathaus.casework.models import DecisionTemplate
from rathaus.submissions.models import Submission
from rathaus.submissions.selectors import submission_find


class Command(BaseCommand):
    help = (
        "Zeigt eine Bescheidvorlage als PDF (PDF/A-3a), mit Beispielwerten oder den Angaben "
        "eines Antrags. / Renders a decision template as PDF with sample or real values."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["preview"])
        parser.add_argument("--template", type=int, required=True, help="Nummer der Vorlage")
        parser.add_argument(
            "--submission", help="Antrag (id oder Aktenzeichen): seine Werte statt Beispielwerten"
        )
        parser.add_argument("--out", type=Path, required=True, help="PDF-Datei, die entsteht")
        parser.add_argument(
            "--seal", action="store_true", help="mit dem Siegel der Behörde versehen"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        found = (
            DecisionTemplate.objects.select_related("service", "authority")
            .filter(pk=options["template"])
            .first()
        )
        if found is None:
            raise CommandError(
                f"Keine Bescheidvorlage mit der Nummer {options['template']}. / "
                "No decision template with this id."
            )
        submission = _submission(options["submission"]) if options["submission"] else None
        try:
            pdf = decision_preview(template=found, submission=submission)
        except ValueError:
            raise CommandError(
                "Der Antrag gehört zu einer anderen Leistung oder hat keine Behörde. / "
                "The application is for another service or has no authority."
            ) from None
        if options["seal"]:
            pdf = _sealed(pdf, found, submission)
        out: Path = options["out"]
        try:
            out.write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"{out}: {error.strerror}") from None
        self.stdout.write(f"Vorschau geschrieben / preview written: {out} ({len(pdf) // 1024} KiB)")


def _submission(key: str) -> Submission:
    submission = submission_find(key=key)
    if submission is None:
        raise CommandError(f"Kein Antrag {key!r}. / No such application.")
    return submission


def _sealed(pdf: bytes, template: DecisionTemplate, submission: Submission | None) -> bytes:
    authority = submission.authority if submission else template.authority
    if authority is None:
        raise CommandError(
            "Zum Siegeln braucht die Vorlage eine Behörde oder --submission. / "
            "Sealing needs the template's authority or --submission."
        )
    try:
        return decision_seal(pdf=pdf, authority=authority)
    except SealError as error:
        raise CommandError(str(error)) from None
