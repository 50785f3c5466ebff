"""rathaus worker: runs background tasks from the database queue."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Arbeitet Hintergrundaufgaben ab (django-tasks, Datenbank-Warteschlange)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=None,
            help="nach so vielen Aufgaben beenden (für Tests)",
        )
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args: Any, max_tasks: int | None, interval: float, **options: Any) -> None:
        extra: dict[str, Any] = {"interval": interval, "startup_delay": False}
        if max_tasks is not None:
            extra["max_tasks"] = max_tasks
        call_command("db_worker", **extra)
