"""A migration operation that makes a table's rows immutable in the database itself.

`RefuseChanges("app_table")` installs triggers that refuse every UPDATE and DELETE of the
table's rows on SQLite and PostgreSQL, so not even a raw SQL statement or another program
using the same database changes a record the law wants kept as written (Postfach fetch
receipts, later audit entries). Inserts stay allowed. Both databases report the refusal as
an integrity error (SQLite: RAISE(ABORT) → SQLITE_CONSTRAINT_TRIGGER; PostgreSQL:
SQLSTATE 23001 restrict_violation), which Django raises as `django.db.IntegrityError`.

On SQLite a later migration that rebuilds the table (most AlterField operations) drops its
triggers with the old table: such a migration must apply `RefuseChanges` again.

Not covered, by design: PostgreSQL's TRUNCATE (a table owner's operation that Django's test
flush uses) and dropping the trigger itself; the application's database role should own no
table in production (docs/operations.md).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import ProjectState

MESSAGE = "rows of %s are immutable"


def _sqlite(table: str) -> tuple[list[str], list[str]]:
    create = [
        f'CREATE TRIGGER "{table}_no_{action.lower()}" BEFORE {action} ON "{table}" '
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE % table}'); END"
        for action in ("UPDATE", "DELETE")
    ]
    drop = [f'DROP TRIGGER IF EXISTS "{table}_no_{action}"' for action in ("update", "delete")]
    return create, drop


def _postgresql(table: str) -> tuple[list[str], list[str]]:
    function = f"{table}_refuse_change"
    create = [
        f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"RAISE EXCEPTION '{MESSAGE % table} (%)', TG_OP USING ERRCODE = 'restrict_violation'; "
        "END $$",
        f'CREATE TRIGGER "{table}_immutable" BEFORE UPDATE OR DELETE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
    ]
    drop = [
        f'DROP TRIGGER IF EXISTS "{table}_immutable" ON "{table}"',
        f"DROP FUNCTION IF EXISTS {function}()",
    ]
    return create, drop


_VENDORS = {"sqlite": _sqlite, "postgresql": _postgresql}


class RefuseChanges(migrations.RunSQL):
    """RunSQL whose statements are chosen for the database the migration runs on."""

    def __init__(self, table: str) -> None:
        self.table = table
        super().__init__(sql="", reverse_sql="", elidable=False)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [], {"table": self.table})

    def describe(self) -> str:
        return f"Refuse UPDATE and DELETE on {self.table}"

    def _statements(self, schema_editor: BaseDatabaseSchemaEditor) -> tuple[list[str], list[str]]:
        vendor = schema_editor.connection.vendor
        if vendor not in _VENDORS:
            raise NotImplementedError(f"RefuseChanges: no triggers for {vendor!r} databases")
        return _VENDORS[vendor](self.table)

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        for statement in self._statements(schema_editor)[0]:
            schema_editor.execute(statement, params=None)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        for statement in self._statements(schema_editor)[1]:
            schema_editor.execute(statement, params=None)
