"""HTML to tagged, archivable PDF (PDF/A-3a, declared PDF/UA-1 too), rendered by WeasyPrint.

Shared by every document Rathaus writes (the receipt, decisions). A document template embeds
KERN's Fira Sans through `font_urls()` in its `@font-face` rules; `tagged_pdf` refuses to
fetch anything else. See docs/adr/0006-receipts-as-pdf.md for why PDF/A-3a carries the tags
and the PDF/UA-1 identification is added to its XMP metadata.

WeasyPrint (and so the pango system library) is imported only when a PDF is made.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.staticfiles import finders

# Level A of PDF/A is the tagged, accessible one; WeasyPrint tags it with the same structure
# tree as its pdf/ua-1 variant, but takes only one variant per file (see ADR 0006).
PDF_VARIANT = "pdf/a-3a"

FONT_DIR = "kern/fonts/fira-sans"
FONT_FILES = {"400": "FiraSans-Regular.woff2", "600": "FiraSans-SemiBold.woff2"}

# Spelled out here: strftime's %B follows the process locale, which a server does not pin.
MONTHS = {
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "en": "January February March April May June July August September October November December",
}


class PdfFontMissing(RuntimeError):
    """The Fira Sans files are not where static files are found (run `npm ci`)."""


def tagged_pdf(html: str) -> bytes:
    """Render a whole HTML document as PDF/A-3a bytes that also declare PDF/UA-1.

    The document's `<html lang>` becomes /Lang and its `<title>` the displayed title; only
    the font files of `font_urls()` may be loaded, any other URL in the HTML is refused.
    """
    from weasyprint import HTML  # type: ignore[import-untyped]

    document = HTML(string=html, url_fetcher=_only_fonts(set(font_urls().values())))
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=_declare_pdf_ua)
    return pdf


def spelled_date(day: date, language: str) -> str:
    """A date with the month spelled out: "14. März 2026" / "14 March 2026"."""
    month = MONTHS.get(language, MONTHS["de"]).split()[day.month - 1]
    if language == "en":
        return f"{day.day} {month} {day.year}"
    return f"{day.day}. {month} {day.year}"


def spelled_time(moment: datetime, language: str) -> str:
    """An aware time in the installation's zone: "14. März 2026, 10:15 Uhr"."""
    if moment.tzinfo is None:
        raise ValueError("the time must be timezone-aware")
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    if language == "en":
        return f"{spelled_date(local.date(), 'en')}, {local:%H:%M}"
    return f"{spelled_date(local.date(), 'de')}, {local:%H:%M} Uhr"


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


@cache
def font_urls() -> dict[str, str]:
    """file:// URLs of the embedded fonts by CSS weight ("400", "600")."""
    urls = {}
    for weight, name in FONT_FILES.items():
        found = finders.find(f"{FONT_DIR}/{name}")
        path = Path(found) if isinstance(found, str) else Path(settings.STATIC_ROOT, FONT_DIR, name)
        if not path.is_file():
            raise PdfFontMissing(
                f"Schrift {name} fehlt: bitte `npm ci` ausführen / font {name} is missing: "
                "run `npm ci` (KERN UX ships Fira Sans)"
            )
        urls[weight] = path.resolve().as_uri()
    return urls


def _only_fonts(allowed: set[str]) -> Any:
    """A URL fetcher that refuses every URL but our font files, so no text can make the
    renderer fetch."""
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class OnlyFonts(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise ValueError(f"a document may load only its fonts, not {url}")
            return super().fetch(url, headers)

    return OnlyFonts(allowed_protocols={"file"})
