"""The submission receipt as a tagged, archivable PDF (PDF/A-3a), rendered by WeasyPrint.

Pure: takes plain data, reads no database. The HTML → PDF/A machinery is shared with the
decisions (rathaus.common.pdf); see docs/adr/0006-receipts-as-pdf.md for why PDF/A-3a
(tagged) with a PDF/UA-1 declaration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.template.loader import render_to_string

from rathaus.common.pdf import font_urls, spelled_time, tagged_pdf

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
    fonts = font_urls()
    html = render_to_string(
        "submissions/receipt.html",
        {
            "data": data,
            "lang": language,
            "labels": labels,
            "title": f"{labels['title']} {data.reference}",
            "submitted_at": spelled_time(data.submitted_at, language),
            "fonts": fonts,
        },
    )
    return tagged_pdf(html)
