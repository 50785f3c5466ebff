"""The canonical form of an audit entry and its SHA-256 hash (pure: no database).

The hash of entry n is SHA-256 over the UTF-8 bytes of a JSON object holding every field of
the entry and the hash of entry n - 1 (`previous_hash`; 64 zeros for the first entry):

- keys are the names in `HASHED_FIELDS`, sorted, no whitespace (`separators=(",", ":")`),
  non-ASCII characters written as themselves (`ensure_ascii=False`), then UTF-8;
- `created_at` is ISO 8601 in UTC with microseconds, e.g. `2026-03-01T09:30:00.000123+00:00`;
- `actor_user_id` and `authority_id` are integers or null; `details` is the JSON object as
  stored, its keys sorted too; the other fields are strings.

Anyone can recompute a hash from a database dump with these rules and a few lines of code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64

# The order in which the verifier reads the columns; the JSON keys are sorted regardless.
HASHED_FIELDS = (
    "sequence",
    "created_at",
    "actor_user_id",
    "actor",
    "actor_kind",
    "action",
    "object_type",
    "object_id",
    "authority_id",
    "reason",
    "details",
    "previous_hash",
)
_CREATED_AT = HASHED_FIELDS.index("created_at")


def timestamp(moment: datetime) -> str:
    """The canonical time: ISO 8601 in UTC with microseconds."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_bytes(row: Sequence[object]) -> bytes:
    """The bytes that are hashed, from the values in `HASHED_FIELDS` order."""
    values = dict(zip(HASHED_FIELDS, row, strict=True))
    moment = row[_CREATED_AT]
    if not isinstance(moment, datetime):
        raise TypeError("created_at must be a datetime")
    values["created_at"] = timestamp(moment)
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def row_hash(row: Sequence[object]) -> str:
    """The SHA-256 hex digest of an entry given as values in `HASHED_FIELDS` order."""
    return hashlib.sha256(canonical_bytes(row)).hexdigest()
