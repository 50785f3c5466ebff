"""A throwaway PKI for the seal tests: a root CA and an authority's seal certificate.

Every name is fictitious; keys are made fresh for each test session and never kept.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class SealPki:
    root: x509.Certificate
    seal: x509.Certificate
    p12: Path
    passphrase_file: Path


def _name(organisation: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


def seal_pki(folder: Path, passphrase: bytes = b"Test-Passphrase 1") -> SealPki:
    """Write seal.p12 (key, certificate, root) and its passphrase file into `folder`."""
    now = datetime.datetime.now(datetime.UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name("Testwurzel Musterland (fiktiv)", "Musterland Test-Root-CA")
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(signing=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), False)
        .sign(root_key, hashes.SHA256())
    )
    seal_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    seal = (
        x509.CertificateBuilder()
        .subject_name(_name("Stadtverwaltung Musterstadt (fiktiv)", "Siegel Musterstadt"))
        .issuer_name(root_name)
        .public_key(seal_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signing=True), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), False
        )
        .sign(root_key, hashes.SHA256())
    )
    p12 = folder / "siegel.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"Siegel Musterstadt",
            seal_key,
            seal,
            [root],
            serialization.BestAvailableEncryption(passphrase),
        )
    )
    passphrase_file = folder / "siegel.passphrase"
    passphrase_file.write_bytes(passphrase + b"\n")
    return SealPki(root=root, seal=seal, p12=p12, passphrase_file=passphrase_file)
