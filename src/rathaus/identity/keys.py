"""Self-signed signing keys for the demo SP and the development IdP (never for production).

Pure Python without Django, so that the development IdP process can use it as well.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

KEY_BITS = 3072
VALID_DAYS = 3650


@dataclass(frozen=True)
class KeyPair:
    """Paths of a PEM private key and its certificate."""

    key_file: Path
    cert_file: Path


def key_pair_ensure(*, directory: Path, common_name: str) -> KeyPair:
    """Return the key pair in `directory`, generating a self-signed one when it is missing."""
    pair = KeyPair(key_file=directory / "key.pem", cert_file=directory / "cert.pem")
    if pair.key_file.exists() and pair.cert_file.exists():
        return pair
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # written owner-only from the start: the key never exists world-readable
    descriptor = os.open(pair.key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key_pem)
    pair.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return pair
