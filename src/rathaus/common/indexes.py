"""An index for case-insensitive prefix search (`field__istartswith`) that migrates everywhere.

Django turns `istartswith` into `UPPER(column) LIKE UPPER('prefix%')`. On PostgreSQL only an
index on `UPPER(column)` with the `text_pattern_ops` operator class serves that LIKE (the
default operator class compares by collation, which LIKE cannot use unless the collation is
"C"). Operator classes exist only on PostgreSQL (an operator class in an index on SQLite is a
syntax error in the migration), and Django's `OpClass` in an index expression needs
`django.contrib.postgres` installed. So the index is declared as a plain index on
`UPPER(field)` and, when it is created on PostgreSQL, its column gets the operator class.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.functions import Upper


class UpperPrefixIndex(models.Index):
    """An index on UPPER(field) for `istartswith`; `text_pattern_ops` on PostgreSQL."""

    def __init__(self, *, field: str, name: str) -> None:
        super().__init__(Upper(field), name=name)
        self.prefix_field = field

    def deconstruct(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        path = f"{self.__class__.__module__}.{self.__class__.__name__}"
        return path, (), {"field": self.prefix_field, "name": self.name}

    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        statement: Any = super().create_sql(model, schema_editor, using=using, **kwargs)
        if schema_editor.connection.vendor == "postgresql":
            column = schema_editor.quote_name(model._meta.get_field(self.prefix_field).column)
            statement.parts["columns"] = f"(UPPER({column})) text_pattern_ops"
        return statement
