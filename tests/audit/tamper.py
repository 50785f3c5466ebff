"""What a database administrator could do to the trail: drop the triggers and change rows."""

from __future__ import annotations

import importlib

from django.db import connection

APPEND_ONLY = importlib.import_module("rathaus.audit.migrations.0002_append_only")


def _run(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def tamper(*statements: str) -> None:
    """Drops the triggers, runs the statements, puts the triggers back (all in the test's
    transaction, so the rollback at its end undoes everything)."""
    _run(APPEND_ONLY.DROP_SQL[connection.vendor])
    _run(list(statements))
    _run(APPEND_ONLY.CREATE_SQL[connection.vendor])
