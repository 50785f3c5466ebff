"""JOSE for the sender (joserfc): encrypt to the destination's key, verify the event log.

FIT-Connect's crypto profile: JWE compact with RSA-OAEP-256 and A256GCM to a 4096-bit RSA
key of the destination; Security Event Tokens signed with PS512 by the Zustelldienst.
"""

from __future__ import annotations

import json
from typing import Any

from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

KEY_ALGORITHM = "RSA-OAEP-256"
CONTENT_ENCRYPTION = "A256GCM"
SIGNATURE_ALGORITHM = "PS512"
SET_TYPE = "secevent+jwt"
MIN_RSA_BITS = 4096


class KeyProblem(ValueError):
    """A key from the Zustelldienst or the settings is not one FIT-Connect allows."""


class UntrustedEvent(ValueError):
    """A Security Event Token whose signature or form is not right: it must be ignored."""


def encryption_key(jwk: dict[str, Any]) -> RSAKey:
    """The destination's public key, checked against FIT-Connect's crypto profile."""
    if jwk.get("kty") != "RSA" or jwk.get("alg", KEY_ALGORITHM) != KEY_ALGORITHM:
        raise KeyProblem(f"Schlüssel ist nicht RSA/{KEY_ALGORITHM}.")
    if "wrapKey" not in jwk.get("key_ops", ["wrapKey"]):
        raise KeyProblem("Schlüssel ist nicht zum Verschlüsseln (wrapKey) bestimmt.")
    # FIT-Connect marks the key `wrapKey`; joserfc checks for `encrypt` when it wraps the
    # content key with RSA-OAEP, so the (already checked) key_ops are left out on import
    usable = {name: value for name, value in jwk.items() if name != "key_ops"}
    try:
        key = RSAKey.import_key(usable)
    except (JoseError, ValueError, TypeError) as error:
        raise KeyProblem(f"Schlüssel unlesbar: {error}") from error
    if key.is_private:
        raise KeyProblem("Zum Verschlüsseln ist ein öffentlicher Schlüssel nötig.")
    bits = key.raw_value.key_size
    if bits < MIN_RSA_BITS:
        raise KeyProblem(f"RSA-Schlüssel hat {bits} Bit, FIT-Connect verlangt {MIN_RSA_BITS}.")
    return key


def encrypt(plaintext: bytes, *, key: RSAKey, kid: str, content_type: str) -> str:
    """Encrypt for the destination: JWE compact, RSA-OAEP-256 / A256GCM, no compression."""
    protected = {"alg": KEY_ALGORITHM, "enc": CONTENT_ENCRYPTION, "kid": kid, "cty": content_type}
    return jwe.encrypt_compact(
        protected, plaintext, key, algorithms=[KEY_ALGORITHM, CONTENT_ENCRYPTION]
    )


def signing_keys(jwks: dict[str, Any] | list[dict[str, Any]]) -> KeySet:
    """The Zustelldienst's public signature keys from a JWKS (or a single JWK)."""
    if isinstance(jwks, dict) and "keys" not in jwks:
        jwks = {"keys": [jwks]}
    if isinstance(jwks, list):
        jwks = {"keys": jwks}
    try:
        keys = KeySet.import_key_set(jwks)  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise KeyProblem(f"Signaturschlüssel unlesbar: {error}") from error
    if not keys.keys or any(key.is_private for key in keys.keys):
        raise KeyProblem("Es sind nur öffentliche Signaturschlüssel erlaubt.")
    return keys


def event_verify(token: str, *, keys: KeySet) -> dict[str, Any]:
    """The payload of a SET whose PS512 signature one of the keys confirms; else raise."""
    try:
        signed = jws.deserialize_compact(token, keys, algorithms=[SIGNATURE_ALGORITHM])
        header = signed.headers()
        payload = json.loads(signed.payload)
    except (JoseError, ValueError, TypeError) as error:
        raise UntrustedEvent(f"Signatur ungültig: {error}") from error
    if header.get("typ") != SET_TYPE or header.get("alg") != SIGNATURE_ALGORITHM:
        raise UntrustedEvent(f"Kein SET mit {SIGNATURE_ALGORITHM}: {header}")
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), dict):
        raise UntrustedEvent("SET ohne Ereignisse.")
    return payload
