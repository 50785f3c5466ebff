"""Reference numbers stay unique when several processes hand them out at once (PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises all writers; the row lock matters on PostgreSQL",
    ),
]

PROCESSES, EACH = 4, 50
SCRIPT = """
import sys, django
django.setup()
from django.db import transaction
from rathaus.submissions.submitting import reference_next
for _ in range({each}):
    with transaction.atomic():
        print(reference_next(scope=sys.argv[1], year=2099), flush=True)
"""


def _database_url() -> str:
    settings = connection.settings_dict
    user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


def test_processes_drawing_numbers_at_once_never_get_the_same_one() -> None:
    scope = f"T{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": _database_url()}
    env["DJANGO_SETTINGS_MODULE"] = "rathaus.config.settings"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT.format(each=EACH), scope],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        for _ in range(PROCESSES)
    ]
    drawn = [line.strip() for worker in workers for line in worker.communicate()[0].splitlines()]
    assert all(worker.returncode == 0 for worker in workers)
    assert len(drawn) == PROCESSES * EACH
    assert len(set(drawn)) == len(drawn), "a reference number was handed out twice"
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in drawn)
    assert numbers == list(range(1, PROCESSES * EACH + 1))  # no gaps either
