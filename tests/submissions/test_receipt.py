"""The receipt PDF: archivable (PDF/A-3a), accessible (PDF/UA-1), fonts embedded, text answers."""

from __future__ import annotations

import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from rathaus.submissions.receipt import ReceiptData, receipt_pdf
from tests.pdf import fonts, read, structure_roles, text_of, xmp, xmp_property

TRICKY = "„Ä ö ß € <script>alert(1)</script>“"


def receipt(**changes: Any) -> ReceiptData:
    values: dict[str, Any] = {
        "reference": "HE-06611-2026-000123",
        "form_title": "Anmeldung einer Wohnung",
        "authority_name": "Stadt Kassel, Bürgerbüro",
        "submitted_at": datetime(2026, 3, 14, 9, 15, tzinfo=UTC),
        "language": "de",
        "sections": [
            ("Angaben zur Person", [("Familienname", "Müller"), ("Vorname", TRICKY)]),
            ("Neue Wohnung", [("Straße und Hausnummer", "Königsplatz 1")]),
        ],
        "next_steps": "Ihre Meldebehörde prüft Ihre Angaben.",
    }
    return ReceiptData(**{**values, **changes})


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return receipt_pdf(receipt())


def test_it_is_a_pdf(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-1.7")


def test_it_declares_pdf_a_3a_in_its_xmp_metadata(pdf: bytes) -> None:
    pdfaid = "http://www.aiim.org/pdfa/ns/id/"
    assert xmp_property(pdf, pdfaid, "part") == "3"
    assert xmp_property(pdf, pdfaid, "conformance") == "A"


def test_it_declares_pdf_ua_1_too_with_the_extension_schema_pdf_a_asks_for(pdf: bytes) -> None:
    assert xmp_property(pdf, "http://www.aiim.org/pdfua/ns/id/", "part") == "1"
    namespaces = [
        element.text
        for element in ElementTree.fromstring(xmp(pdf)).iter(
            "{http://www.aiim.org/pdfa/ns/schema#}namespaceURI"
        )
    ]
    assert namespaces == ["http://www.aiim.org/pdfua/ns/id/"]
    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
    assert len(list(ElementTree.fromstring(xmp(pdf)).iter(rdf))) == 1  # one packet


def test_it_is_tagged_with_language_and_title(pdf: bytes) -> None:
    root = read(pdf).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "de"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"Eingangsbest\xc3\xa4tigung HE-06611-2026-000123" in xmp(pdf)


def test_its_tags_mark_headings_and_table_headers(pdf: bytes) -> None:
    roles = set(structure_roles(read(pdf).trailer["/Root"]["/StructTreeRoot"]))
    assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= roles


def test_an_english_receipt_has_english_labels_and_language() -> None:
    pdf = receipt_pdf(receipt(language="en"))
    assert read(pdf).trailer["/Root"]["/Lang"] == "en"
    text = text_of(pdf)
    assert "Confirmation of receipt" in text
    assert "Reference number" in text
    assert "14 March 2026, 10:15" in text


def test_every_font_is_embedded(pdf: bytes) -> None:
    embedded = [font for page in read(pdf).pages for font in fonts(page)]
    assert embedded
    for font in embedded:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
        assert "Fira-Sans" in font["/BaseFont"]


def test_reference_date_and_answers_are_in_the_text(pdf: bytes) -> None:
    text = text_of(pdf)
    assert "HE-06611-2026-000123" in text
    assert "Königsplatz 1" in text
    assert "14. März 2026, 10:15 Uhr" in text
    assert "Wie geht es weiter?" in text


def test_markup_in_an_answer_is_printed_as_text(pdf: bytes) -> None:
    assert TRICKY in text_of(pdf)


def test_an_answer_cannot_make_the_renderer_load_files(tmp_path: Path) -> None:
    answer = '<img src="file:///etc/passwd"> <link rel="stylesheet" href="file:///etc/hosts">'
    pdf = receipt_pdf(receipt(sections=[("Seite", [("Frage", answer)])]))
    assert answer in " ".join(text_of(pdf).split())


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        receipt_pdf(receipt(submitted_at=datetime(2026, 3, 14, 9, 15)))


def test_a_long_form_flows_over_many_pages(capsys: pytest.CaptureFixture[str]) -> None:
    sections = [
        (f"Seite {s}", [(f"Frage {s}.{q}", f"Antwort {s}.{q} mit etwas Text") for q in range(20)])
        for s in range(10)
    ]
    started = time.perf_counter()
    pdf = receipt_pdf(receipt(sections=sections))
    took = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n200-answer receipt: {took:.2f} s, {len(pdf) // 1024} KiB")
    reader = read(pdf)
    assert len(reader.pages) > 3
    assert "Antwort 9.19 mit etwas Text" in reader.pages[-1].extract_text()
    assert "Seite 1 von" in reader.pages[0].extract_text()


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_poppler_renders_the_first_page(pdf: bytes, tmp_path: Path) -> None:
    (tmp_path / "receipt.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-singlefile", "receipt.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    assert (tmp_path / "page.png").stat().st_size > 1000
