"""Key rotation for sealed columns: re-wrap each row's data key with the current master key."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models

from rathaus.common.crypto import Sealed, configured_key_ring, rewrap


def column_rewrap(model: type[models.Model], field: str) -> tuple[int, int]:
    """Re-wrap the sealed blobs in one binary column; returns (changed, total non-empty).

    Payloads are not re-encrypted. Each row is swapped only if it still holds the bytes
    read (compare-and-set), so it is safe while people work and safe to run twice.
    """
    ring = configured_key_ring()
    changed = total = 0
    rows = model._default_manager.exclude(**{field: b""}).values_list("pk", field)
    for pk, blob in rows.iterator():
        old = bytes(blob)
        total += 1
        sealed = Sealed.from_bytes(old)
        if sealed.key_id == ring.current_id:
            continue
        new = rewrap(sealed, ring=ring).to_bytes()
        changed += model._default_manager.filter(pk=pk, **{field: old}).update(**{field: new})
    return changed, total


Rewrap = Callable[[], tuple[int, int]]
_registered: list[tuple[str, str, Rewrap]] = []


def sealed_register(german: str, english: str, rewrap_all: Rewrap) -> None:
    """Let `rathaus keys rotate` re-wrap another app's sealed data (once per name)."""
    if all(entry[0] != german for entry in _registered):
        _registered.append((german, english, rewrap_all))


def sealed_registered() -> list[tuple[str, str, Rewrap]]:
    """What apps registered for key rotation, in registration order."""
    return list(_registered)
