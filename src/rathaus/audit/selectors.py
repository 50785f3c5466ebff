"""Reading the audit trail: checking the whole chain, and listing entries."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from django.db.models import QuerySet

from rathaus.audit.chain import GENESIS_HASH, HASHED_FIELDS, row_hash
from rathaus.audit.models import HEAD_ID, AuditEntry, AuditHead


class Damage(enum.Enum):
    """What is wrong at the first broken place of the chain."""

    EDITED = "edited"  # the entry's content no longer matches its own hash
    RELINKED = "relinked"  # its link to the entry before does not match that entry's hash
    MISSING = "missing"  # the sequence skips numbers: entries were deleted
    NEWEST_MISSING = "newest_missing"  # the head names more entries than there are
    HEAD_MISMATCH = "head_mismatch"  # the head's hash is not the last entry's
    HEAD_MISSING = "head_missing"  # the head row itself was removed
    ANCHOR_MISMATCH = "anchor_mismatch"  # an entry's hash differs from one noted elsewhere
    UNREADABLE = "unreadable"  # a column holds something that is not a valid value


@dataclass(frozen=True)
class Verification:
    """The result of walking the chain: how far it is intact, and the first damage if any."""

    entries: int
    last_sequence: int
    last_hash: str
    damage: Damage | None = None
    at_sequence: int = 0  # the first entry concerned by the damage

    @property
    def intact(self) -> bool:
        return self.damage is None


@dataclass
class _Walk:
    entries: int = 0
    expected: int = 1
    previous: str = GENESIS_HASH

    def broken(self, damage: Damage, at: int) -> Verification:
        return Verification(self.entries, self.expected - 1, self.previous, damage, at)


def audit_verify(
    *, chunk_size: int = 20_000, anchor: tuple[int, str] | None = None
) -> Verification:
    """Recomputes every hash in sequence order and checks the links, the gaps and the head.

    The head is read first and the walk stops at the entry it names, so appends that commit
    meanwhile neither disturb nor slow the check. `anchor` is a (sequence, hash) pair noted
    outside the database earlier; the entry must still have that hash.
    """
    head = AuditHead.objects.filter(pk=HEAD_ID).values_list("sequence", "entry_hash").first()
    if head is None:
        return Verification(0, 0, "", Damage.HEAD_MISSING, 0)
    head_sequence, head_hash = head
    walk = _Walk()
    try:
        for row in _rows(head_sequence, chunk_size):
            damage = _check(row, walk, anchor)
            if damage is not None:
                at = walk.expected if damage is Damage.MISSING else cast(int, row[0])
                return walk.broken(damage, at)
            walk.entries += 1
            walk.expected += 1
            walk.previous = cast(str, row[-1])
    except (ValueError, TypeError):
        return walk.broken(Damage.UNREADABLE, walk.expected)
    if walk.expected - 1 != head_sequence:
        return walk.broken(Damage.NEWEST_MISSING, walk.expected)
    if walk.previous != head_hash:
        return walk.broken(Damage.HEAD_MISMATCH, head_sequence)
    if anchor is not None and anchor[0] > head_sequence:
        return walk.broken(Damage.ANCHOR_MISMATCH, anchor[0])
    return Verification(walk.entries, head_sequence, head_hash)


def _rows(last: int, chunk_size: int) -> Iterator[Sequence[object]]:
    """(HASHED_FIELDS…, entry_hash) of every entry up to `last`, streamed in sequence order."""
    rows = (
        AuditEntry.objects.filter(sequence__lte=last)
        .order_by("sequence")
        .values_list(*HASHED_FIELDS, "entry_hash")
    )
    return rows.iterator(chunk_size=chunk_size)


def _check(row: Sequence[object], walk: _Walk, anchor: tuple[int, str] | None) -> Damage | None:
    sequence, previous_hash, stored_hash = row[0], row[-2], row[-1]
    if sequence != walk.expected:
        return Damage.MISSING
    if row_hash(row[:-1]) != stored_hash:
        return Damage.EDITED
    if previous_hash != walk.previous:
        return Damage.RELINKED
    if anchor is not None and anchor[0] == sequence and anchor[1] != stored_hash:
        return Damage.ANCHOR_MISMATCH
    return None


def audit_entries(
    *,
    object_type: str | None = None,
    object_id: str | None = None,
    actor: str | None = None,
    limit: int = 50,
) -> list[AuditEntry]:
    """The newest `limit` entries matching the filters, oldest first (as a log reads)."""
    entries: QuerySet[AuditEntry] = AuditEntry.objects.all()
    if object_type is not None:
        entries = entries.filter(object_type=object_type)
    if object_id is not None:
        entries = entries.filter(object_id=object_id)
    if actor is not None:
        entries = entries.filter(actor=actor)
    return list(reversed(entries.order_by("-sequence")[:limit]))
