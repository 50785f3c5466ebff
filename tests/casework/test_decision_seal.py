"""The authority's seal: PAdES, valid for pyHanko's validator, broken by any changed byte."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from rathaus.authorities.models import Authority
from rathaus.casework.documents.render import decision_document
from rathaus.casework.documents.seal import (
    SealCertificateUnusable,
    SealNotConfigured,
    decision_seal,
)
from rathaus.casework.models import DecisionTemplate
from tests.casework.pki import SealPki, seal_pki
from tests.casework.test_decision_document import CONTEXT
from tests.pdf import PDFAID, PDFUAID, read, xmp, xmp_property


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> SealPki:
    return seal_pki(tmp_path_factory.mktemp("siegel"))


@pytest.fixture
def configured(pki: SealPki, authority: Authority) -> Iterator[SealPki]:
    with override_settings(
        RATHAUS_SEAL_CERTIFICATES={authority.slug: str(pki.p12)},
        RATHAUS_SEAL_PASSPHRASE_FILES={authority.slug: str(pki.passphrase_file)},
    ):
        yield pki


@pytest.fixture
def pdf(template: DecisionTemplate) -> bytes:
    return decision_document(template=template, context=CONTEXT)


@pytest.fixture
def sealed(pdf: bytes, authority: Authority, configured: SealPki) -> bytes:
    return decision_seal(pdf=pdf, authority=authority)


def validate(document: bytes, pki: SealPki) -> PdfSignatureStatus:
    root = asn1_x509.Certificate.load(pki.root.public_bytes(Encoding.DER))
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    (signature,) = PdfFileReader(io.BytesIO(document)).embedded_signatures
    return validate_pdf_signature(signature, context)


def test_the_seal_is_intact_trusted_and_covers_the_whole_document(
    sealed: bytes, configured: SealPki
) -> None:
    status = validate(sealed, configured)
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.docmdp_ok
    assert status.signing_cert.subject.native["common_name"] == "Siegel Musterstadt"
    assert status.signing_cert.dump() == configured.seal.public_bytes(Encoding.DER)


def test_the_seal_is_pades_and_appended_to_the_unchanged_pdf_a(pdf: bytes, sealed: bytes) -> None:
    assert sealed.startswith(pdf)  # an incremental update: the PDF/A bytes stay as they were
    (signature,) = PdfFileReader(io.BytesIO(sealed)).embedded_signatures
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.docmdp_level == MDPPerm.NO_CHANGES  # a certification: no changes allowed


def test_the_sealed_file_keeps_its_pdf_a_and_pdf_ua_metadata(pdf: bytes, sealed: bytes) -> None:
    assert xmp(sealed) == xmp(pdf)
    assert xmp_property(sealed, PDFAID, "part") == "3"
    assert xmp_property(sealed, PDFUAID, "part") == "1"
    assert read(sealed).trailer["/Info"] == read(pdf).trailer["/Info"]
    root = read(sealed).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "de"


def test_the_invisible_seal_field_is_printable_and_outside_the_page(sealed: bytes) -> None:
    (widget,) = [a.get_object() for a in read(sealed).pages[0]["/Annots"]]
    assert widget["/FT"] == "/Sig"
    assert widget["/F"] & 4 and not widget["/F"] & 2  # PDF/A: print on, hidden off
    left, bottom, right, top = (float(value) for value in widget["/Rect"])
    assert left == right and bottom == top and right < 0  # zero size, off the page
    assert widget["/TU"] == "Elektronisches Siegel der Behörde"


def test_a_changed_byte_in_the_sealed_part_breaks_the_seal(
    sealed: bytes, configured: SealPki
) -> None:
    position = sealed.index(b"stream\n") + 200  # inside the first stream of the PDF/A part
    tampered = sealed[:position] + bytes([sealed[position] ^ 1]) + sealed[position + 1 :]
    assert len(tampered) == len(sealed) and tampered != sealed
    status = validate(tampered, configured)
    assert not status.intact and not status.bottom_line


def test_a_seal_from_an_unknown_root_is_not_trusted(sealed: bytes, tmp_path: Path) -> None:
    stranger = seal_pki(tmp_path)
    status = validate(sealed, stranger)
    assert status.intact and not status.trusted and not status.bottom_line


def test_an_authority_without_a_seal_gets_a_clear_error(pdf: bytes, authority: Authority) -> None:
    refused = pytest.raises(SealNotConfigured, match="kein Siegelzertifikat eingerichtet")
    with override_settings(RATHAUS_SEAL_CERTIFICATES={}), refused:
        decision_seal(pdf=pdf, authority=authority)


def test_the_authority_may_be_named_by_id(pdf: bytes, authority: Authority, pki: SealPki) -> None:
    key = str(authority.pk)
    with override_settings(
        RATHAUS_SEAL_CERTIFICATES={key: str(pki.p12)},
        RATHAUS_SEAL_PASSPHRASE_FILES={key: str(pki.passphrase_file)},
    ):
        assert validate(decision_seal(pdf=pdf, authority=authority), pki).intact


def test_a_wrong_passphrase_is_a_clear_error(
    pdf: bytes, authority: Authority, pki: SealPki, tmp_path: Path
) -> None:
    wrong = tmp_path / "falsch.passphrase"
    wrong.write_text("nicht die richtige")
    with (
        override_settings(
            RATHAUS_SEAL_CERTIFICATES={authority.slug: str(pki.p12)},
            RATHAUS_SEAL_PASSPHRASE_FILES={authority.slug: str(wrong)},
        ),
        pytest.raises(SealCertificateUnusable, match="falsche Passphrase") as caught,
    ):
        decision_seal(pdf=pdf, authority=authority)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_missing_certificate_file_is_a_clear_error(
    pdf: bytes, authority: Authority, tmp_path: Path
) -> None:
    missing = tmp_path / "gibt-es-nicht.p12"
    refused = pytest.raises(SealCertificateUnusable, match="Siegeldatei nicht lesbar")
    with (
        override_settings(RATHAUS_SEAL_CERTIFICATES={authority.slug: str(missing)}),
        refused as caught,
    ):
        decision_seal(pdf=pdf, authority=authority)
    assert str(missing) in str(caught.value)


def test_the_preview_command_seals_and_a_bad_passphrase_ends_without_traceback(
    template: DecisionTemplate, authority: Authority, pki: SealPki, tmp_path: Path
) -> None:
    template.authority = authority
    template.save()
    out = tmp_path / "bescheid.pdf"
    with override_settings(
        RATHAUS_SEAL_CERTIFICATES={authority.slug: str(pki.p12)},
        RATHAUS_SEAL_PASSPHRASE_FILES={authority.slug: str(pki.passphrase_file)},
    ):
        call_command(
            "decisions", "preview", "--template", str(template.pk), "--out", str(out), "--seal"
        )
    assert validate(out.read_bytes(), pki).bottom_line
    wrong = tmp_path / "falsch"
    wrong.write_text("falsch")
    with (
        override_settings(
            RATHAUS_SEAL_CERTIFICATES={authority.slug: str(pki.p12)},
            RATHAUS_SEAL_PASSPHRASE_FILES={authority.slug: str(wrong)},
        ),
        pytest.raises(CommandError, match="falsche Passphrase"),
    ):
        call_command(
            "decisions", "preview", "--template", str(template.pk), "--out", str(out), "--seal"
        )
