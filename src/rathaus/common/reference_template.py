"""Templates for reference numbers (Aktenzeichen), e.g. "HE-{scope}-{year}-{number:06d}".

Placeholders: {scope} (the Kreis key or municipality's AGS), {year}, {number} (with an
optional zero-padding width, {number:06d}). The counter a number is drawn from is named by
the template with {number} left open, so two authorities whose templates render the same
text share one counter and never hand out the same reference.
"""

from __future__ import annotations

import re
from string import Formatter

from django.core.exceptions import ValidationError

DEFAULT_TEMPLATE = "HE-{scope}-{year}-{number:06d}"
FIELDS = {"scope", "year", "number"}
NUMBER_SPEC = re.compile(r"0?[1-9]d|")  # "", "6d", "06d"
MAX_LENGTH = 40  # Submission.reference
LITERAL = re.compile(r"[A-Za-z0-9/ ._-]*")


def _parts(template: str) -> list[tuple[str, str | None, str]]:
    try:
        return [(text, name, spec or "") for text, name, spec, _conv in Formatter().parse(template)]
    except ValueError as error:
        raise ValidationError(f"Vorlage nicht lesbar / template unreadable: {error}") from None


def template_check(template: str) -> None:
    """Raise ValidationError (German / English) unless the template is usable."""
    parts = _parts(template)
    names = [name for _text, name, _spec in parts if name is not None]
    if names.count("number") != 1 or "year" not in names or set(names) - FIELDS:
        raise ValidationError(
            "Die Vorlage braucht genau einmal {number}, dazu {year}; erlaubt sind nur {scope}, "
            "{year}, {number}. / The template needs {number} once and {year}; only {scope}, "
            "{year} and {number} are allowed."
        )
    for text, name, spec in parts:
        if not LITERAL.fullmatch(text) or (name == "number" and not NUMBER_SPEC.fullmatch(spec)):
            raise ValidationError(
                "Nur Buchstaben, Ziffern, / . _ - und Leerzeichen, und {number} oder "
                "{number:06d}. / Only letters, digits, / . _ - and spaces, and {number} or "
                "{number:06d}."
            )
        if name in ("scope", "year") and spec:
            raise ValidationError("{scope} und {year} ohne Format. / without a format.")
    longest = reference_render(template, scope="0" * 12, year=2026, number=9_999_999)
    if len(longest) > MAX_LENGTH:
        raise ValidationError(
            f"Ein Aktenzeichen darf höchstens {MAX_LENGTH} Zeichen haben. / "
            f"A reference may have at most {MAX_LENGTH} characters."
        )


def reference_render(template: str, *, scope: str, year: int, number: int) -> str:
    return template.format(scope=scope, year=year, number=number)


def counter_key(template: str, *, scope: str, year: int) -> str:
    """The name of the counter: the rendered template with the number left open."""
    rendered = "".join(
        text + ("#" if name == "number" else "" if name is None else f"{{{name}}}")
        for text, name, _spec in _parts(template)
    )
    return rendered.format(scope=scope, year=year)[:64]
