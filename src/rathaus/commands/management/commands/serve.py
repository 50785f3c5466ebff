"""rathaus serve [--host H] [--port N] [--workers N]"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from rathaus.commands.server import serve


class Command(BaseCommand):
    help = "Startet den Webserver (gunicorn)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default=os.environ.get("RATHAUS_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        self.stdout.write(f"Rathaus läuft auf http://{host}:{port}/ (Strg+C beendet)")
        serve(host=host, port=port, workers=workers)
