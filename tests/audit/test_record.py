"""audit_record appends in the caller's transaction: no change without its entry, and back."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.test import RequestFactory

from rathaus.audit.chain import GENESIS_HASH, HASHED_FIELDS, row_hash
from rathaus.audit.models import ActorKind, AuditAction, AuditEntry, AuditHead
from rathaus.audit.selectors import audit_verify
from rathaus.audit.services import Actor, actor_of, audit_record
from tests.audit.tamper import tamper

pytestmark = pytest.mark.usefixtures("empty_trail")


def _rename(user: User, name: str) -> AuditEntry:
    user.first_name = name
    user.save(update_fields=["first_name"])
    return audit_record(
        actor=actor_of(user),
        action=AuditAction.CHANGE,
        obj_type="auth.User",
        obj_id=user.pk,
        reason="Namensänderung laut Antrag",
        details={"fields": ["first_name"]},
    )


def test_a_committed_change_has_its_entry_with_who_when_what_and_why() -> None:
    user = User.objects.create(username="sachbearbeitung-1")
    with transaction.atomic():
        entry = _rename(user, "Anna")
    stored = AuditEntry.objects.get()
    assert stored.sequence == 1 and stored.previous_hash == GENESIS_HASH
    assert (stored.actor, stored.actor_user_id, stored.actor_kind) == (
        "sachbearbeitung-1",
        user.pk,
        ActorKind.USER,
    )
    assert (stored.action, stored.object_type, stored.object_id) == (
        "change",
        "auth.User",
        str(user.pk),
    )
    assert stored.reason == "Namensänderung laut Antrag"
    assert stored.details == {"fields": ["first_name"]}
    assert stored.created_at.tzinfo is not None
    assert stored.entry_hash == entry.entry_hash
    head = AuditHead.objects.get()
    assert (head.sequence, head.entry_hash) == (1, entry.entry_hash)


def test_a_change_that_rolls_back_leaves_no_entry() -> None:
    user = User.objects.create(username="sachbearbeitung-2", first_name="Alt")
    with pytest.raises(RuntimeError), transaction.atomic():
        _rename(user, "Neu")
        raise RuntimeError("the change fails after it was recorded")
    user.refresh_from_db()
    assert user.first_name == "Alt"
    assert not AuditEntry.objects.exists()
    assert AuditHead.objects.get().sequence == 0
    assert audit_verify().intact


def test_entries_chain_each_to_the_one_before() -> None:
    first = audit_record(actor=Actor.system(), action=AuditAction.OTHER, obj_type="t.T", obj_id=1)
    second = audit_record(actor=Actor.worker(), action=AuditAction.SEND, obj_type="t.T", obj_id=2)
    assert second.sequence == first.sequence + 1
    assert second.previous_hash == first.entry_hash
    row = AuditEntry.objects.filter(pk=second.pk).values_list(*HASHED_FIELDS).get()
    assert row_hash(row) == second.entry_hash  # recomputed from what the database gives back


def test_the_hash_is_sha256_over_the_documented_canonical_json() -> None:
    """An auditor recomputes a hash from a dump with nothing but the rules in chain.py."""
    entry = audit_record(
        actor=Actor.api_client("fachverfahren-kassel"),
        action=AuditAction.EXPORT,
        obj_type="submissions.Submission",
        obj_id="9a1c",
        authority_id=42,
        details={"ids": [3, 1], "fields": ["name"]},
    )
    canonical = {
        "sequence": entry.sequence,
        "created_at": entry.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
        "actor_user_id": None,
        "actor": "api-client:fachverfahren-kassel",
        "actor_kind": "api_client",
        "action": "export",
        "object_type": "submissions.Submission",
        "object_id": "9a1c",
        "authority_id": 42,
        "reason": "",
        "details": {"fields": ["name"], "ids": [3, 1]},
        "previous_hash": GENESIS_HASH,
    }
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == entry.entry_hash


def test_umlauts_and_other_text_hash_the_same_after_the_round_trip() -> None:
    audit_record(
        actor=Actor(ActorKind.USER, "jürgen.öztürk", 5),
        action=AuditAction.READ,
        obj_type="identity.Citizen",
        obj_id="ß-1",
        reason="Rückfrage „Widerspruch“ 🏛",
        details={"felder": ["straße"], "big": 2**62},
    )
    assert audit_verify().intact


@pytest.mark.parametrize(
    "bad",
    [
        {"details": {"betrag": 1.5}},
        {"details": {1: "x"}},
        {"details": {"x": object()}},
        {"reason": "mit\x00NUL"},
        {"obj_type": ""},
        {"obj_id": "x" * 201},
        {"authority_id": "7"},
        {"action": "peek"},
    ],
)
def test_bad_arguments_are_refused_before_anything_is_written(bad: dict[str, object]) -> None:
    arguments: dict[str, object] = {
        "actor": Actor.system(),
        "action": AuditAction.READ,
        "obj_type": "t.T",
        "obj_id": 1,
        **bad,
    }
    with pytest.raises(ValueError):
        audit_record(**arguments)  # type: ignore[arg-type]
    assert not AuditEntry.objects.exists()
    assert AuditHead.objects.get().sequence == 0


def test_actor_of_a_request_names_the_account_or_anonymous() -> None:
    user = User.objects.create(username="redakteurin")
    request = RequestFactory().get("/")
    request.user = user
    assert actor_of(request) == Actor(ActorKind.USER, "redakteurin", user.pk)
    request.user = AnonymousUser()
    assert actor_of(request) == Actor(ActorKind.ANONYMOUS, "anonymous")
    assert actor_of(RequestFactory().get("/")).kind == ActorKind.ANONYMOUS  # no auth at all
    assert Actor.api_client("x").name == "api-client:x"


def test_without_its_head_the_trail_refuses_appends_and_the_change_fails_with_it() -> None:
    tamper("DELETE FROM audit_audithead")
    user = User.objects.create(username="sachbearbeitung-3", first_name="Alt")
    with pytest.raises(RuntimeError, match="head row is missing"), transaction.atomic():
        _rename(user, "Neu")
    user.refresh_from_db()
    assert user.first_name == "Alt"
    assert not AuditEntry.objects.exists()
