"""Rarely changed reference data, read once per process and kept for a minute.

The submit path reads the same responsibility rules, authority register, deadlines and
routing rules for every application; building those queries costs more than a third of it.
A `ProcessCache` keeps what was read for TTL seconds. Saving or deleting a row of one of the
models it names clears it at once in the process that wrote (Django's model signals); the
other processes of the server read anew within TTL, which docs/operations.md states.
Importers write in bulk (no signals) from a process of their own, so the same bound holds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from cachetools import TTLCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

TTL_SECONDS = 60
Value = TypeVar("Value")
_EVERY: list[ProcessCache[Any]] = []


class ProcessCache(Generic[Value]):
    """Values by key, computed on first use, dropped after TTL or when a named model changes."""

    def __init__(self, *models: str, maxsize: int = 1024, ttl: float = TTL_SECONDS) -> None:
        self._values: TTLCache[Hashable, Value] = TTLCache(maxsize=maxsize, ttl=ttl)
        self._lock = threading.Lock()  # gunicorn's threads share the process
        for model in models:  # "app_label.ModelName": connected lazily, once the app loads
            for signal in (post_save, post_delete):
                signal.connect(self._changed, sender=model, weak=False)
        _EVERY.append(self)

    def get(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        with self._lock:
            if key in self._values:
                return self._values[key]
        value = compute()  # outside the lock: two threads may both read, neither waits
        with self._lock:
            self._values[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def _changed(self, **_signal: object) -> None:
        self.clear()
        # and again at commit: another thread may have read the old rows in between
        transaction.on_commit(self.clear)


def clear_every_cache() -> None:
    """Forget everything cached in this process (tests start each case from the database)."""
    for cache in _EVERY:
        cache.clear()
