"""Envelope encryption of personal data at rest (AES-256-GCM, key ring from configuration).

Every record gets its own random data key. The payload is encrypted with that data key; the
data key is wrapped (encrypted) with the current master key from the key ring and stored next
to the payload together with the master key's id. The master keys live only in configuration
(``RATHAUS_ENCRYPTION_KEYS``), never in the database. The caller's ``context`` (for example
``"draft:<uuid>"``) is bound to the payload as associated data, so a ciphertext copied onto
another record does not open. See docs/adr/0005-encryption-at-rest.md.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ImproperlyConfigured

# Used only when no keys are configured outside production; production refuses it.
DEVELOPMENT_KEY_ID = "dev"
DEVELOPMENT_KEY_ENTRY = f"{DEVELOPMENT_KEY_ID}:hpFRLGPXUVReIwGtzbrFHXvUH7uYyDEIyLfjl83_cxw="

_DEVELOPMENT_KEY = base64.urlsafe_b64decode(DEVELOPMENT_KEY_ENTRY.partition(":")[2])
_FORMAT_VERSION = 1
_KEY_BYTES = 32
_NONCE_BYTES = 12
_KEY_ID = re.compile(r"[A-Za-z0-9_.-]{1,40}")


class CryptoError(Exception):
    """A sealed value could not be opened or a key ring is unusable."""


class KeyRingError(CryptoError, ImproperlyConfigured):
    """The configured key ring is malformed."""


class UnknownKeyError(CryptoError):
    """The sealed value names a master key that is not in the key ring."""


class SealBrokenError(CryptoError):
    """The integrity check failed: tampered bytes, a wrong context, or a wrong key."""


@dataclass(frozen=True)
class KeyRing:
    """Master keys by id; ``current_id`` names the key that wraps new data keys."""

    current_id: str
    keys: Mapping[str, bytes] = field(repr=False)

    @property
    def has_development_key(self) -> bool:
        """True if the published development key is in the ring (refused in production)."""
        return _DEVELOPMENT_KEY in self.keys.values()

    def key(self, key_id: str) -> bytes:
        """Return the master key with this id, or raise UnknownKeyError."""
        try:
            return self.keys[key_id]
        except KeyError:
            raise UnknownKeyError(
                f"Schlüssel {key_id!r} fehlt in RATHAUS_ENCRYPTION_KEYS / "
                f"key {key_id!r} is not in RATHAUS_ENCRYPTION_KEYS."
            ) from None


@dataclass(frozen=True)
class Sealed:
    """One encrypted record: the wrapped data key and the encrypted payload."""

    key_id: str
    wrapped_key: bytes
    key_nonce: bytes
    nonce: bytes
    ciphertext: bytes

    def to_bytes(self) -> bytes:
        """Serialise to one blob (JSON with base64url fields) for a BinaryField."""
        blob = {
            "v": _FORMAT_VERSION,
            "kid": self.key_id,
            "wk": _b64(self.wrapped_key),
            "kn": _b64(self.key_nonce),
            "n": _b64(self.nonce),
            "ct": _b64(self.ciphertext),
        }
        return json.dumps(blob, separators=(",", ":")).encode("ascii")

    @classmethod
    def from_bytes(cls, data: bytes) -> Sealed:
        """Parse a blob written by ``to_bytes``; anything else is a SealBrokenError."""
        try:
            blob = json.loads(bytes(data))
            if blob["v"] != _FORMAT_VERSION:
                raise ValueError(f"version {blob['v']!r}")
            return cls(
                key_id=str(blob["kid"]),
                wrapped_key=_unb64(blob["wk"]),
                key_nonce=_unb64(blob["kn"]),
                nonce=_unb64(blob["n"]),
                ciphertext=_unb64(blob["ct"]),
            )
        except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError) as error:
            raise SealBrokenError(f"sealed value is malformed: {error}") from None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))


def key_ring_parse(entries: Sequence[str]) -> KeyRing:
    """Build a key ring from ``keyid:base64url-32-bytes`` entries; the first is current."""
    if not entries:
        raise KeyRingError("RATHAUS_ENCRYPTION_KEYS ist leer / is empty.")
    keys: dict[str, bytes] = {}
    for entry in entries:
        key_id, _, encoded = entry.strip().partition(":")
        if not _KEY_ID.fullmatch(key_id) or key_id in keys:
            raise KeyRingError(
                f"RATHAUS_ENCRYPTION_KEYS: Schlüssel-ID {key_id!r} fehlt, ist ungültig oder doppelt"
                f" / key id {key_id!r} is missing, invalid or repeated."
            )
        keys[key_id] = _decode_master_key(key_id, encoded)
    return KeyRing(current_id=next(iter(keys)), keys=keys)


def _decode_master_key(key_id: str, encoded: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != _KEY_BYTES:
        raise KeyRingError(
            f"RATHAUS_ENCRYPTION_KEYS: Schlüssel {key_id!r} ist nicht 32 Bytes in base64url / "
            f"key {key_id!r} is not 32 bytes of base64url (see docs/operations.md)."
        )
    return key


def configured_key_ring() -> KeyRing:
    """The key ring from settings.RATHAUS_ENCRYPTION_KEYS (parsed once per distinct value)."""
    from django.conf import settings

    return _parse_cached(tuple(settings.RATHAUS_ENCRYPTION_KEYS))


@lru_cache(maxsize=8)
def _parse_cached(entries: tuple[str, ...]) -> KeyRing:
    return key_ring_parse(entries)


def _payload_aad(context: str) -> bytes:
    return b"rathaus:payload:v1\x00" + context.encode("utf-8")


def _wrap_aad(key_id: str) -> bytes:
    return b"rathaus:data-key:v1\x00" + key_id.encode("utf-8")


def _wrap(data_key: bytes, ring: KeyRing) -> tuple[str, bytes, bytes]:
    key_id = ring.current_id
    nonce = os.urandom(_NONCE_BYTES)
    wrapped = AESGCM(ring.key(key_id)).encrypt(nonce, data_key, _wrap_aad(key_id))
    return key_id, nonce, wrapped


def _unwrap(sealed: Sealed, ring: KeyRing) -> bytes:
    master = ring.key(sealed.key_id)
    try:
        return AESGCM(master).decrypt(
            sealed.key_nonce, sealed.wrapped_key, _wrap_aad(sealed.key_id)
        )
    except (InvalidTag, ValueError):
        raise SealBrokenError(
            f"data key does not unwrap with master key {sealed.key_id!r} (tampered?)"
        ) from None


def seal(plaintext: bytes, *, context: str, ring: KeyRing | None = None) -> Sealed:
    """Encrypt ``plaintext`` under a fresh data key, bound to ``context``."""
    ring = ring or configured_key_ring()
    data_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = AESGCM(data_key).encrypt(nonce, plaintext, _payload_aad(context))
    key_id, key_nonce, wrapped = _wrap(data_key, ring)
    return Sealed(
        key_id=key_id, wrapped_key=wrapped, key_nonce=key_nonce, nonce=nonce, ciphertext=ciphertext
    )


def open_sealed(sealed: Sealed, *, context: str, ring: KeyRing | None = None) -> bytes:
    """Decrypt a sealed value; raise CryptoError if it was altered or belongs elsewhere."""
    ring = ring or configured_key_ring()
    data_key = _unwrap(sealed, ring)
    try:
        return AESGCM(data_key).decrypt(sealed.nonce, sealed.ciphertext, _payload_aad(context))
    except (InvalidTag, ValueError):
        raise SealBrokenError(
            f"payload does not open in context {context!r}: tampered or another record's data"
        ) from None


def rewrap(sealed: Sealed, *, ring: KeyRing | None = None) -> Sealed:
    """Re-wrap the data key with the current master key; the payload stays as it is."""
    ring = ring or configured_key_ring()
    if sealed.key_id == ring.current_id:
        return sealed
    data_key = _unwrap(sealed, ring)
    key_id, key_nonce, wrapped = _wrap(data_key, ring)
    return Sealed(
        key_id=key_id,
        wrapped_key=wrapped,
        key_nonce=key_nonce,
        nonce=sealed.nonce,
        ciphertext=sealed.ciphertext,
    )


def seal_json(data: Mapping[str, Any], *, context: str) -> bytes:
    """A JSON object sealed for storage in one binary column (drafts, submissions)."""
    plaintext = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return seal(plaintext, context=context).to_bytes()


def open_json(blob: bytes, *, context: str) -> dict[str, Any]:
    """The JSON object stored by `seal_json` (raises CryptoError if altered)."""
    data: dict[str, Any] = json.loads(open_sealed(Sealed.from_bytes(blob), context=context))
    return data
