"""The submission receipt as a tagged, archivable PDF (PDF/A-3a), rendered by WeasyPrint.

Pure: takes plain data, reads no database. See docs/adr/0006-receipts-as-pdf.md for why
PDF/A-3a (tagged) and not a combined PDF/A + PDF/UA declaration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

# Level A of PDF/A is the tagged, accessible one; WeasyPrint tags it with the same structure
# tree as its pdf/ua-1 variant, but takes only one variant per file (see the ADR).
PDF_VARIANT = "pdf/a-3a"

FONT_DIR = "kern/fonts/fira-sans"
FONT_FILES = {"400": "FiraSans-Regular.woff2", "600": "FiraSans-SemiBold.woff2"}

# Spelled out here: strftime's %B follows the process locale, which a server does not pin.
MONTHS = {
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "en": "January February March April May June July August September October November December",
}

# The receipt's language comes from the submission, not from the request that renders it,
# so its few labels live here instead of in the request-bound gettext catalogue.
LABELS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Eingangsbestätigung",
        "reference": "Aktenzeichen",
        "submitted_at": "Eingegangen am",
        "authority": "Zuständige Stelle",
        "question": "Frage",
        "answer": "Ihre Angabe",
        "next_steps": "Wie geht es weiter?",
        "keep": "Bitte bewahren Sie diese Bestätigung auf und geben Sie bei Rückfragen "
        "das Aktenzeichen an.",
        "page": "Seite",
        "of": "von",
        "attachments": "Anlagen",
        "file_name": "Datei",
        "file_size": "Größe",
    },
    "en": {
        "title": "Confirmation of receipt",
        "reference": "Reference number",
        "submitted_at": "Received on",
        "authority": "Responsible authority",
        "question": "Question",
        "answer": "Your answer",
        "next_steps": "What happens next?",
        "keep": "Please keep this confirmation and quote the reference number if you contact us.",
        "page": "Page",
        "of": "of",
        "attachments": "Attachments",
        "file_name": "File",
        "file_size": "Size",
    },
}


class ReceiptFontMissing(RuntimeError):
    """The Fira Sans files are not where static files are found (run `npm ci`)."""


@dataclass(frozen=True)
class ReceiptData:
    reference: str
    form_title: str
    authority_name: str
    submitted_at: datetime  # aware
    language: str  # "de" or "en"
    sections: list[tuple[str, list[tuple[str, str]]]]  # page title, [(question, answer)]
    next_steps: str
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (file name, size)


def receipt_pdf(data: ReceiptData) -> bytes:
    """Render the receipt for one submission as PDF/A-3a bytes with every font embedded."""
    if data.submitted_at.tzinfo is None:
        raise ValueError("submitted_at must be timezone-aware")
    language = data.language if data.language in LABELS else "de"
    labels = LABELS[language]
    fonts = _font_urls()
    html = render_to_string(
        "submissions/receipt.html",
        {
            "data": data,
            "lang": language,
            "labels": labels,
            "title": f"{labels['title']} {data.reference}",
            "submitted_at": _format_time(data.submitted_at, language),
            "fonts": fonts,
        },
    )
    document = HTML(string=html, url_fetcher=_OnlyFonts(set(fonts.values())))
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=_declare_pdf_ua)
    return pdf


# PDF/UA-1 identification, with the extension schema PDF/A requires for a schema it does
# not predefine (ISO 19005-3, 6.6.2.3); inserted into WeasyPrint's own rdf:RDF.
PDF_UA_XMP = b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>
"""


def _declare_pdf_ua(document: Any, pdf: Any) -> None:
    """Declare PDF/UA-1 in the XMP metadata of WeasyPrint's tagged PDF/A-3a.

    WeasyPrint already writes what PDF/UA-1 asks of the file itself (structure tree,
    /Lang, /MarkInfo, DisplayDocTitle, embedded fonts); it declares one variant only.
    """
    reference = pdf.catalog["Metadata"]  # b"<number> 0 R"
    number = int((reference.decode() if isinstance(reference, bytes) else reference).split()[0])
    metadata = next(o for o in pdf.objects if getattr(o, "number", None) == number)
    content = b"".join(
        part if isinstance(part, bytes) else str(part).encode() for part in metadata.stream
    )
    metadata.stream = [content.replace(b"</rdf:RDF>", PDF_UA_XMP + b"</rdf:RDF>", 1)]


def _format_time(moment: datetime, language: str) -> str:
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    month = MONTHS[language].split()[local.month - 1]
    if language == "en":
        return f"{local.day} {month} {local.year}, {local:%H:%M}"
    return f"{local.day}. {month} {local.year}, {local:%H:%M} Uhr"


@cache
def _font_urls() -> dict[str, str]:
    urls = {}
    for weight, name in FONT_FILES.items():
        found = finders.find(f"{FONT_DIR}/{name}")
        path = Path(found) if isinstance(found, str) else Path(settings.STATIC_ROOT, FONT_DIR, name)
        if not path.is_file():
            raise ReceiptFontMissing(
                f"Schrift {name} fehlt: bitte `npm ci` ausführen / font {name} is missing: "
                "run `npm ci` (KERN UX ships Fira Sans)"
            )
        urls[weight] = path.resolve().as_uri()
    return urls


class _OnlyFonts(URLFetcher):  # type: ignore[misc]
    """Refuses every URL but our font files, so no answer can make the renderer fetch."""

    def __init__(self, allowed: set[str]) -> None:
        super().__init__(allowed_protocols={"file"})
        self._allowed = allowed

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url not in self._allowed:
            raise ValueError(f"receipt may load only its fonts, not {url}")
        return super().fetch(url, headers)
