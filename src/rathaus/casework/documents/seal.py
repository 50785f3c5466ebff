"""The authority's electronic seal on a decision: a PAdES signature made with pyHanko.

Each authority that seals has a PKCS#12 file (key and certificate chain) named in
`RATHAUS_SEAL_CERTIFICATES` (authority slug or id → path) and, when the file is
encrypted, a file holding its passphrase in `RATHAUS_SEAL_PASSPHRASE_FILES`. Keys and
passphrases never enter the database (docs/operations.md, ADR 0016).

The seal is added as an incremental update, so the PDF/A bytes before it stay as they
were; the signature field is invisible (see the ADR for what that keeps of PDF/A and PDF/UA).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from rathaus.authorities.models import Authority

if TYPE_CHECKING:  # pyHanko (and aiohttp under it) is imported only when sealing
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers import SimpleSigner

FIELD_NAME = "Behoerdensiegel"


class SealError(Exception):
    """Sealing is impossible; the message (German / English) says why and what to do."""


class SealNotConfigured(SealError):
    pass


class SealCertificateUnusable(SealError):
    pass


@dataclass(frozen=True)
class SealSource:
    certificate: Path
    passphrase_file: Path | None


def seal_source(*, authority: Authority) -> SealSource:
    """Where the authority's seal certificate and passphrase lie, from the settings."""
    keys = (authority.slug, str(authority.pk))
    certificates: dict[str, str] = settings.RATHAUS_SEAL_CERTIFICATES
    passphrases: dict[str, str] = settings.RATHAUS_SEAL_PASSPHRASE_FILES
    key = next((key for key in keys if key in certificates), None)
    if key is None:
        raise SealNotConfigured(
            f"Für „{authority.name}“ ist kein Siegelzertifikat eingerichtet "
            f"(RATHAUS_SEAL_CERTIFICATES, Schlüssel {authority.slug}). / "
            f"No seal certificate is configured for this authority."
        )
    passphrase = next((passphrases[key] for key in keys if key in passphrases), None)
    return SealSource(Path(certificates[key]), Path(passphrase) if passphrase else None)


def decision_seal(*, pdf: bytes, authority: Authority) -> bytes:
    """The PDF with the authority's PAdES seal (certification signature, no changes allowed).

    Raises SealNotConfigured or SealCertificateUnusable with a message for the operator.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(seal_source(authority=authority))
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason="Elektronisches Siegel der Behörde",
        location=authority.town or None,
        name=authority.name,
    )
    field = fields.SigFieldSpec(
        sig_field_name=FIELD_NAME,
        # PDF/A needs the print flag; PDF/UA wants an untagged widget out of the page
        invis_sig_settings=fields.InvisSigSettings(set_print_flag=True, box_out_of_bounds=True),
        readable_field_name="Elektronisches Siegel der Behörde",
    )
    writer = _metadata_kept(IncrementalPdfFileWriter)(io.BytesIO(pdf))
    output = signers.sign_pdf(writer, metadata, signer=signer, new_field_spec=field)
    sealed: bytes = output.getvalue()
    return sealed


def _metadata_kept(writer: type[IncrementalPdfFileWriter]) -> type[IncrementalPdfFileWriter]:
    """A writer that leaves Info and XMP metadata exactly as the PDF/A renderer wrote them.

    pyHanko's writers update producer and modification date on every write; that rewrites
    the XMP packet (with its PDF/A extension schema) and leaves Info's producer different
    from XMP's, which PDF/A forbids. Overriding `_update_meta` is the way pyHanko's author
    gives for turning it off (pyHanko issue #223); tests/casework/test_decision_seal.py
    fails should a pyHanko release stop honouring it.
    """

    class MetadataKept(writer):  # type: ignore[misc, valid-type]
        def _update_meta(self) -> None:
            return None

    return MetadataKept


def _signer(source: SealSource) -> SimpleSigner:
    from pyhanko.sign.signers import SimpleSigner

    try:
        data = source.certificate.read_bytes()
        passphrase = (
            source.passphrase_file.read_bytes().rstrip(b"\r\n") if source.passphrase_file else None
        )
    except OSError as error:
        raise SealCertificateUnusable(
            f"Siegeldatei nicht lesbar: {error.filename} ({error.strerror}). / "
            f"Seal file unreadable: check RATHAUS_SEAL_CERTIFICATES and "
            f"RATHAUS_SEAL_PASSPHRASE_FILES."
        ) from None
    try:
        signer: SimpleSigner = SimpleSigner.load_pkcs12_data(
            data, other_certs=[], passphrase=passphrase
        )
    except ValueError:
        raise SealCertificateUnusable(
            f"Das Siegelzertifikat {source.certificate} lässt sich nicht öffnen: falsche "
            f"Passphrase oder keine PKCS#12-Datei. / The seal certificate cannot be opened: "
            f"wrong passphrase or not a PKCS#12 file."
        ) from None
    return signer
