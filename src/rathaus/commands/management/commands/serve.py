"""rathaus serve [--host H] [--port N] [--workers N]"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from rathaus.commands.server import serve


class Command(BaseCommand):
    help = "Startet den Webserver (gunicorn)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default=os.environ.get("RATHAUS_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="statische Dateien nicht vorher einsammeln (schon beim Deployment geschehen)",
        )

    def handle(
        self,
        *args: Any,
        host: str,
        port: int,
        workers: int,
        no_collectstatic: bool,
        **options: Any,
    ) -> None:
        if not no_collectstatic:
            # pages refuse to render with a stale manifest, so the server never starts with one
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Rathaus läuft auf http://{host}:{port}/ (Strg+C beendet)")
        serve(host=host, port=port, workers=workers)
