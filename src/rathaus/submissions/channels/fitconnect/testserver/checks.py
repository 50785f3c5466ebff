"""What the test Zustelldienst checks in a submission, with jwcrypto (not the sender's lib).

It decrypts metadata, Fachdaten and attachments with the destination's private key,
validates the metadata against the FIT-Connect schema and compares the SHA-512 hashes in
it with the decrypted bytes. Every finding becomes an RFC 7807 problem for the
`reject-submission` event. It also signs the Security Event Tokens (PS512).
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from jwcrypto import jwe, jws
from jwcrypto.common import JWException

PROBLEMS = "https://schema.fitko.de/fit-connect/submission-api/problems/"
EVENTS = "https://schema.fitko.de/fit-connect/events/"
ALGORITHMS = ["RSA-OAEP-256", "A256GCM"]


class Undecryptable(ValueError):
    """A JWE that is malformed, uses other algorithms, or is not for this key."""


def problem(slug: str, title: str, detail: str) -> dict[str, str]:
    return {"type": PROBLEMS + slug, "title": title, "detail": detail}


def decrypt(token: str, key: Any, *, kid: str) -> bytes:
    """The plaintext of a JWE compact to this key, strictly RSA-OAEP-256 / A256GCM."""
    encrypted = jwe.JWE()
    encrypted.allowed_algs = ALGORITHMS
    try:
        encrypted.deserialize(token, key=key)
    except (JWException, ValueError, TypeError, KeyError) as error:
        raise Undecryptable(f"nicht entschlüsselbar: {type(error).__name__}") from error
    header = encrypted.jose_header
    if header.get("kid") != kid or "zip" in header:
        raise Undecryptable(f"Kopfdaten passen nicht (kid {header.get('kid')!r}, zip)")
    plaintext: bytes = encrypted.payload
    return plaintext


@dataclass
class Findings:
    """The decrypted parts and every problem found on the way."""

    problems: list[dict[str, str]] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


def _opened(token: str, key: Any, kid: str, what: str, found: Findings) -> bytes | None:
    try:
        return decrypt(token, key, kid=kid)
    except Undecryptable as error:
        found.problems.append(problem("encryption-issue", "Entschlüsselung", f"{what}: {error}"))
        return None


def _hash_matches(entry: Any, content: bytes) -> bool:
    expected = entry.get("hash", {}) if isinstance(entry, dict) else {}
    actual = hashlib.sha512(content).hexdigest()
    return expected.get("type") == "sha512" and expected.get("content") == actual


def submission_check(
    stored: dict[str, Any], uploads: dict[str, str], *, key: Any, schema: Path
) -> Findings:
    """Decrypt and check one submitted submission; `problems` empty means it is sound."""
    found = Findings()
    kid = key.get("kid")
    raw = _opened(stored["metadata"], key, kid, "Metadaten", found)
    data = _opened(stored["data"], key, kid, "Fachdaten", found)
    if raw is None:
        return found
    try:
        found.metadata = json.loads(raw)
    except ValueError:
        found.problems.append(problem("invalid-metadata", "Metadaten", "kein JSON"))
        return found
    validator = Draft202012Validator(json.loads(schema.read_text()), format_checker=FormatChecker())
    for error in sorted(validator.iter_errors(found.metadata), key=str)[:5]:
        found.problems.append(problem("invalid-metadata", "Metadaten-Schema", error.message))
    if not isinstance(found.metadata, dict):
        return found
    content = found.metadata.get("contentStructure") or {}
    if data is not None and not _hash_matches(content.get("data"), data):
        found.problems.append(problem("hash-mismatch", "Prüfsumme", "Fachdaten: SHA-512 falsch"))
    _attachments_check(content.get("attachments") or [], uploads, key, found)
    return found


def _attachments_check(
    entries: list[Any], uploads: dict[str, str], key: Any, found: Findings
) -> None:
    described = {str(e.get("attachmentId")): e for e in entries if isinstance(e, dict)}
    if set(described) != set(uploads):
        detail = "Metadaten nennen andere Anlagen als hochgeladen"
        found.problems.append(problem("attachment-mismatch", "Anlagen", detail))
    for attachment_id, token in uploads.items():
        content = _opened(token, key, key.get("kid"), f"Anlage {attachment_id}", found)
        entry = described.get(attachment_id)
        if content is not None and entry is not None and not _hash_matches(entry, content):
            detail = f"Anlage {attachment_id}: SHA-512 falsch"
            found.problems.append(problem("hash-mismatch", "Prüfsumme", detail))


def event_sign(
    key: Any, *, issuer: str, submission: dict[str, Any], event: str, payload: dict[str, Any]
) -> str:
    """A Security Event Token (RFC 8417) about a submission, signed PS512 by the server."""
    claims = {
        "iss": issuer,
        "iat": int(time.time()),
        "jti": str(uuid.uuid4()),
        "sub": f"submission:{submission['id']}",
        "txn": f"case:{submission['case_id']}",
        "events": {EVENTS + event: payload},
    }
    token = jws.JWS(json.dumps(claims).encode())
    header = {"typ": "secevent+jwt", "alg": "PS512", "kid": key.get("kid")}
    token.add_signature(key, alg="PS512", protected=json.dumps(header))
    signed: str = token.serialize(compact=True)
    return signed
