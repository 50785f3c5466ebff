"""What a database administrator could do to the trail: switch the triggers off, change rows."""

from __future__ import annotations

from django.db import connection

TABLES = ("audit_auditentry", "audit_audithead")


def _execute(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _sqlite_triggers() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)",
            list(TABLES),
        )
        return [(name, sql) for name, sql in cursor.fetchall()]


def tamper(*statements: str) -> None:
    """Runs the statements with the audit tables' triggers off, then puts them back — all in
    the test's transaction, so the rollback at its end undoes everything."""
    if connection.vendor == "postgresql":
        _execute([f"ALTER TABLE {table} DISABLE TRIGGER USER" for table in TABLES])
        _execute(list(statements))
        _execute([f"ALTER TABLE {table} ENABLE TRIGGER USER" for table in TABLES])
        return
    triggers = _sqlite_triggers()
    assert triggers, "the audit tables have no triggers"
    _execute([f'DROP TRIGGER "{name}"' for name, _sql in triggers])
    _execute(list(statements))
    _execute([sql for _name, sql in triggers])
