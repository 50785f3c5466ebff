"""A decision (Bescheid) as a tagged, archivable letter: PDF/A-3a declaring PDF/UA-1.

The template's text is rendered as plain text (never HTML): paragraphs are separated by
blank lines, and only here it becomes escaped HTML paragraphs inside the letter layout
`casework/decision.html`. A decision is German whatever language the request speaks.
"""

from __future__ import annotations

from django.template import Context
from django.template.base import render_value_in_context
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from rathaus.casework.documents.checks import Text, template_parse
from rathaus.casework.documents.variables import DecisionContext, template_values
from rathaus.casework.models import DecisionTemplate
from rathaus.common.pdf import font_urls, spelled_date, tagged_pdf

LABELS = {
    "title": "Bescheid",
    "reference": "Aktenzeichen",
    "submitted_on": "Ihr Antrag vom",
    "decided_on": "Datum",
    "about": "über Ihren Antrag",
    "dated": "vom",
    "legal_remedy": "Rechtsbehelfsbelehrung",
    "page": "Seite",
    "of": "von",
}


class DecisionTemplateBroken(ValueError):
    """A stored template no longer parses (it was written around the checks)."""


def decision_document(*, template: DecisionTemplate, context: DecisionContext) -> bytes:
    """The decision as PDF/A-3a bytes (tagged, fonts embedded, PDF/UA-1 declared)."""
    html = render_to_string("casework/decision.html", _letter(template, context))
    return tagged_pdf(html)


def decision_text(source: str, context: DecisionContext) -> str:
    """A template's text with its variables filled in, as plain text."""
    pieces, problems = template_parse(source)
    if problems:
        raise DecisionTemplateBroken("; ".join(str(problem) for problem in problems))
    values = Context(template_values(context), autoescape=False)
    parts = []
    with translation.override("de"):
        for piece in pieces:
            if isinstance(piece, Text):
                parts.append(piece.text)
                continue
            value = piece.expression.resolve(values, ignore_failures=True)
            text = "" if value is None else str(render_value_in_context(value, values))
            parts.append(text if piece.keep_lines else one_line(text))
    return "".join(parts).strip()


def one_line(text: str) -> str:
    """A value's lines on one line: joined by a comma ("Römerberg 23, 60311 Frankfurt"),
    by a space after a line that ends a sentence or clause."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    joined = ""
    for line in filter(None, lines):
        if joined:
            joined += " " if joined[-1] in ".,;:!?" else ", "
        joined += line
    return joined


def _paragraphs(text: str) -> SafeString:
    """Plain text as escaped HTML: a blank line starts a paragraph, a newline breaks a line."""
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - escaped right here


def _letter(template: DecisionTemplate, context: DecisionContext) -> dict[str, object]:
    submitted_on = spelled_date(context.submitted_on, "de")
    decided_on = spelled_date(context.decided_on, "de")
    address = context.authority.address.splitlines()
    return {
        "lang": "de",
        "title": f"{LABELS['title']} {context.reference}",
        "labels": LABELS,
        "fonts": font_urls(),
        "context": context,
        "authority_address": address,
        "sender_line": " · ".join([context.authority.name, *address]),
        "recipient": [context.applicant_name, *context.applicant_address.splitlines()],
        "place_and_date": ", ".join(filter(None, (context.authority.town, decided_on))),
        "submitted_on": submitted_on,
        "decided_on": decided_on,
        "body": _paragraphs(decision_text(template.body, context)),
        "legal_remedy": _paragraphs(decision_text(template.legal_remedy, context)),
    }
