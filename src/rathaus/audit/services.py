"""Appending to the audit trail: the one write, for every app that reads or changes personal data.

Call `audit_record` inside the transaction that does the change: it joins it, so a change
that rolls back leaves no entry, and one that commits always has its entry.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.http import HttpRequest
from django.utils import timezone

from rathaus.audit.chain import HASHED_FIELDS, row_hash
from rathaus.audit.models import HEAD_ID, ActorKind, AuditAction, AuditEntry


@dataclass(frozen=True)
class Actor:
    """Who did it: an account (with its id), an API client, a worker or the system."""

    kind: ActorKind
    name: str
    user_id: int | None = None

    @classmethod
    def system(cls) -> Actor:
        return cls(ActorKind.SYSTEM, "system")

    @classmethod
    def worker(cls) -> Actor:
        return cls(ActorKind.WORKER, "worker")

    @classmethod
    def api_client(cls, name: str) -> Actor:
        return cls(ActorKind.API_CLIENT, f"api-client:{name}")


def actor_of(who: HttpRequest | AbstractBaseUser | AnonymousUser | None) -> Actor:
    """The actor behind a request or a user: the account's user name and id, or anonymous."""
    user = getattr(who, "user", None) if isinstance(who, HttpRequest) else who
    if user is None or not user.is_authenticated:
        return Actor(ActorKind.ANONYMOUS, "anonymous")
    return Actor(ActorKind.USER, user.get_username(), user.pk if isinstance(user.pk, int) else None)


def audit_record(
    *,
    actor: Actor,
    action: AuditAction,
    obj_type: str,
    obj_id: str | int,
    authority_id: int | None = None,
    reason: str = "",
    details: Mapping[str, object] | None = None,
) -> AuditEntry:
    """Appends one entry (who, when, what, why) to the chain, in the caller's transaction.

    `obj_type` is the model label ("submissions.Submission"); `details` holds field names and
    ids, never the values of personal data. A bad argument raises ValueError before anything
    is written.
    """
    values = _checked_values(actor, action, obj_type, obj_id, authority_id, reason, details)
    # no savepoint of its own: when the append fails, the caller's change must fail with it
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        sequence, previous_hash = _head_take(cursor)
        entry = AuditEntry(
            sequence=sequence, created_at=timezone.now(), previous_hash=previous_hash, **values
        )
        entry.entry_hash = row_hash([getattr(entry, name) for name in HASHED_FIELDS])
        entry.save(force_insert=True)
        cursor.execute(_HEAD_MOVE, [entry.entry_hash, HEAD_ID])
    return entry


def _checked_values(
    actor: Actor,
    action: AuditAction,
    obj_type: str,
    obj_id: str | int,
    authority_id: int | None,
    reason: str,
    details: Mapping[str, object] | None,
) -> dict[str, object]:
    """The entry's columns, or ValueError for anything the databases would not keep as given."""
    for number in (actor.user_id, authority_id):
        if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
            raise ValueError("user and authority ids must be integers")
    values: dict[str, object] = {
        "actor_user_id": actor.user_id,
        "actor": _text(actor.name, "actor", 200),
        "actor_kind": ActorKind(actor.kind).value,
        "action": AuditAction(action).value,
        "object_type": _text(obj_type, "obj_type", 100),
        "object_id": _text(str(obj_id), "obj_id", 200),
        "authority_id": authority_id,
        "reason": _text(reason, "reason", 10_000),
        "details": _details(details or {}),
    }
    if not values["actor"] or not values["object_type"]:
        raise ValueError("actor and obj_type must not be empty")
    return values


# Raising the head's number first takes its row lock (PostgreSQL) or the database's write
# lock (SQLite) until commit, so concurrent appends queue up here, each reading the head its
# predecessor left; RETURNING saves a second statement on the hottest path.
_HEAD_TAKE = (
    "UPDATE audit_audithead SET sequence = sequence + 1 WHERE id = %s "
    "RETURNING sequence, entry_hash"
)
_HEAD_MOVE = "UPDATE audit_audithead SET entry_hash = %s WHERE id = %s"


def _head_take(cursor: CursorWrapper) -> tuple[int, str]:
    """The next sequence number and the hash of the entry before, with the head locked."""
    cursor.execute(_HEAD_TAKE, [HEAD_ID])
    row = cursor.fetchone()
    if row is None:
        raise RuntimeError("the audit trail's head row is missing: run `rathaus audit verify`")
    return int(row[0]), str(row[1])


def _text(value: str, name: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string")
    if len(value) > limit:
        raise ValueError(f"{name} is longer than {limit} characters")
    _check_string(value, name)
    return value


def _check_string(value: str, name: str) -> None:
    # PostgreSQL stores no NUL character, and a lone surrogate has no UTF-8 form to hash
    if "\x00" in value:
        raise ValueError(f"{name} contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{name} is not valid Unicode") from None


def _details(details: Mapping[str, object]) -> dict[str, object]:
    """A JSON object that reads back exactly as written, so its hash can be recomputed.

    Floats are refused: the databases may write them back in another notation.
    """
    _check_json(details, "details")
    copied: dict[str, object] = json.loads(json.dumps(details))
    return copied


def _check_json(value: object, path: str) -> None:
    if isinstance(value, bool | int) or value is None:
        return
    if isinstance(value, str):
        _check_string(value, path)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{path}: keys must be strings")
            _check_string(key, path)
            _check_json(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_json(item, f"{path}[{index}]")
    else:
        raise ValueError(f"{path}: {type(value).__name__} is not allowed (strings, integers)")
