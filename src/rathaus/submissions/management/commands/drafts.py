"""rathaus drafts purge [--dry-run]: deletes drafts past their retention period."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from rathaus.submissions.selectors import drafts_expired
from rathaus.submissions.services import drafts_delete_expired


class Command(BaseCommand):
    help = "Entwürfe verwalten: 'purge' löscht abgelaufene Entwürfe / deletes expired drafts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        purge = actions.add_parser("purge", help="abgelaufene Entwürfe löschen")
        purge.add_argument(
            "--dry-run", action="store_true", help="nur anzeigen, nichts löschen / show only"
        )

    def handle(self, *args: Any, action: str, dry_run: bool = False, **options: Any) -> None:
        expired = list(drafts_expired().select_related("form_version__form"))
        for draft in expired:
            self.stdout.write(
                f"  {draft.id}  {draft.form_version}  abgelaufen am {draft.expires_at:%Y-%m-%d}"
            )
        if dry_run:
            self.stdout.write(
                f"Probelauf: {len(expired)} abgelaufene Entwürfe würden gelöscht, nichts wurde "
                f"gelöscht. / Dry run: {len(expired)} expired drafts would be deleted."
            )
            return
        deleted = drafts_delete_expired()
        self.stdout.write(
            self.style.SUCCESS(
                f"{deleted} abgelaufene Entwürfe gelöscht. / {deleted} expired drafts deleted."
            )
        )
