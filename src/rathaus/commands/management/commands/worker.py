"""rathaus worker: runs background tasks from the database queue, and the timed jobs."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from rathaus.commands.periodic import default_jobs, periodic_start


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
        parser.add_argument(
            "--batch",
            action="store_true",
            help="beenden, sobald die Warteschlange leer ist (ohne zeitgesteuerte Aufgaben)",
        )

    def handle(
        self, *args: Any, max_tasks: int | None, interval: float, batch: bool, **options: Any
    ) -> None:
        extra: dict[str, Any] = {"interval": interval, "startup_delay": False, "batch": batch}
        if max_tasks is not None:
            extra["max_tasks"] = max_tasks
        stop = None if batch else periodic_start(default_jobs())
        try:
            call_command("db_worker", **extra)
        finally:
            if stop is not None:
                stop.set()
