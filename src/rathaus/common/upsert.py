"""Idempotent bulk writes: create what is new, update what differs, count what is unchanged."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

from django.db import models, transaction

from rathaus.common.csvimport import ImportReport
from rathaus.common.process_cache import clear_every_cache

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")

# A progress wrapper: takes an iterable, a description and a total; yields the same items.
Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]


def no_progress(items: Iterable[T], description: str, total: int) -> Iterable[T]:
    """The default progress wrapper: shows nothing."""
    return items


class Upserter(Generic[M]):
    """Collects rows for one model keyed by a natural key and writes them in bulk."""

    def __init__(
        self,
        model: type[M],
        *,
        key: Callable[[M], Hashable],
        label: str,
        report: ImportReport,
        queryset: models.QuerySet[M] | None = None,
    ) -> None:
        self.model = model
        self.label = label
        self.report = report
        source = queryset if queryset is not None else model._default_manager.all()
        self.existing: dict[Hashable, M] = {key(obj): obj for obj in source}
        self.seen: set[Hashable] = set()
        self._create: list[M] = []
        self._update: list[M] = []
        self._update_fields: set[str] = set()

    def apply(self, key: Hashable, values: dict[str, Any]) -> M:
        """Record the wanted state of one row; returns the (possibly unsaved) instance."""
        self.seen.add(key)
        obj = self.existing.get(key)
        if obj is None:
            obj = self.model(**values)
            self.existing[key] = obj
            self._create.append(obj)
            self.report.count(self.report.created, self.label)
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            self._update.append(obj)
            self._update_fields.update(changed)
            self.report.count(self.report.updated, self.label)
        else:
            self.report.count(self.report.unchanged, self.label)
        return obj

    def flush(self) -> None:
        """Write the collected creations and updates."""
        if self._create:
            self.model._default_manager.bulk_create(self._create, batch_size=500)
        if self._update:
            self.model._default_manager.bulk_update(
                self._update, sorted(self._update_fields), batch_size=500
            )
        self._create, self._update, self._update_fields = [], [], set()
        # bulk writes send no model signals: what this process cached is read anew
        clear_every_cache()
        transaction.on_commit(clear_every_cache)

    def stale(self) -> list[M]:
        """Rows in the database that the source no longer lists."""
        return [obj for key, obj in self.existing.items() if key not in self.seen]
