"""Envelope encryption: records open only with their own context and a known, intact key."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from dataclasses import replace

import pytest
from django.test import override_settings

from rathaus.common.crypto import (
    DEVELOPMENT_KEY_ID,
    KeyRing,
    KeyRingError,
    SealBrokenError,
    Sealed,
    UnknownKeyError,
    configured_key_ring,
    key_ring_parse,
    open_sealed,
    rewrap,
    seal,
)


def _entry(key_id: str) -> str:
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(32)).decode()}"


@pytest.fixture
def ring() -> KeyRing:
    return key_ring_parse([_entry("k2025")])


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def test_a_sealed_record_opens_to_the_same_bytes(ring: KeyRing) -> None:
    sealed = seal(b"Erika Mustermann", context="draft:1", ring=ring)
    assert sealed.key_id == "k2025"
    assert b"Erika" not in sealed.to_bytes()
    restored = Sealed.from_bytes(sealed.to_bytes())
    assert open_sealed(restored, context="draft:1", ring=ring) == b"Erika Mustermann"


def test_each_seal_uses_a_fresh_data_key_and_nonce(ring: KeyRing) -> None:
    first = seal(b"same", context="draft:1", ring=ring)
    second = seal(b"same", context="draft:1", ring=ring)
    assert first.wrapped_key != second.wrapped_key
    assert first.nonce != second.nonce
    assert first.ciphertext != second.ciphertext


@pytest.mark.parametrize("part", ["ciphertext", "nonce", "wrapped_key", "key_nonce"])
def test_it_detects_a_flipped_byte(ring: KeyRing, part: str) -> None:
    sealed = seal(b"Erika Mustermann", context="draft:1", ring=ring)
    tampered = replace(sealed, **{part: _flip(getattr(sealed, part), 0)})
    with pytest.raises(SealBrokenError):
        open_sealed(tampered, context="draft:1", ring=ring)


def test_it_refuses_a_malformed_blob() -> None:
    with pytest.raises(SealBrokenError, match="malformed"):
        Sealed.from_bytes(b"not a sealed value")


def test_it_refuses_the_wrong_context(ring: KeyRing) -> None:
    sealed = seal(b"secret", context="draft:1", ring=ring)
    with pytest.raises(SealBrokenError, match="draft:2"):
        open_sealed(sealed, context="draft:2", ring=ring)


def test_a_ciphertext_copied_onto_another_record_does_not_open(ring: KeyRing) -> None:
    victim = seal(b"victim's answers", context="draft:victim", ring=ring)
    attacker = seal(b"attacker's answers", context="draft:attacker", ring=ring)
    assert open_sealed(attacker, context="draft:attacker", ring=ring)
    with pytest.raises(SealBrokenError):
        open_sealed(victim, context="draft:attacker", ring=ring)


def test_an_unknown_key_id_is_named(ring: KeyRing) -> None:
    sealed = seal(b"x", context="c", ring=ring)
    other = key_ring_parse([_entry("other")])
    with pytest.raises(UnknownKeyError, match="k2025"):
        open_sealed(sealed, context="c", ring=other)


def test_the_same_key_id_with_another_key_does_not_open(ring: KeyRing) -> None:
    sealed = seal(b"x", context="c", ring=ring)
    with pytest.raises(SealBrokenError):
        open_sealed(sealed, context="c", ring=key_ring_parse([_entry("k2025")]))


def test_rotation_keeps_old_records_readable_and_rewrap_moves_them(ring: KeyRing) -> None:
    old_entry = _entry("old")
    before = key_ring_parse([old_entry])
    sealed = seal(b"Antwort", context="draft:9", ring=before)
    after = key_ring_parse([_entry("new"), old_entry])
    assert open_sealed(sealed, context="draft:9", ring=after) == b"Antwort"

    moved = rewrap(sealed, ring=after)
    assert moved.key_id == "new"
    assert moved.ciphertext == sealed.ciphertext
    only_new = KeyRing(current_id="new", keys={"new": after.keys["new"]})
    assert open_sealed(moved, context="draft:9", ring=only_new) == b"Antwort"
    assert rewrap(moved, ring=after) is moved


@pytest.mark.parametrize(
    "entries",
    [[], ["nokey"], ["a:abc"], [":" + "A" * 43], ["a:" + "A" * 43 + "=", "a:" + "B" * 43 + "="]],
)
def test_a_malformed_key_ring_is_refused(entries: list[str]) -> None:
    with pytest.raises(KeyRingError):
        key_ring_parse(entries)


def test_the_key_ring_comes_from_settings_and_the_first_key_is_current() -> None:
    assert configured_key_ring().current_id == DEVELOPMENT_KEY_ID
    with override_settings(RATHAUS_ENCRYPTION_KEYS=[_entry("b"), _entry("a")]):
        assert configured_key_ring().current_id == "b"
        assert seal(b"x", context="c").key_id == "b"


def _check(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RATHAUS_")}
    return subprocess.run(
        [sys.executable, "-m", "rathaus.cli", "check"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_encryption_keys() -> None:
    result = _check(RATHAUS_ENV="production", RATHAUS_SECRET_KEY="a-real-secret")
    assert result.returncode != 0
    assert "RATHAUS_ENCRYPTION_KEYS" in result.stderr


def test_production_starts_with_its_own_encryption_key() -> None:
    result = _check(
        RATHAUS_ENV="production",
        RATHAUS_SECRET_KEY="a-real-secret",
        RATHAUS_ENCRYPTION_KEYS=_entry("prod1"),
    )
    assert result.returncode == 0, result.stderr
