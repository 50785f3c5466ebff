"""One precompiled value check per field, and the messages a person reads.

The JSON shape of a value, by type (the same rules the JSON Schema export writes down):

- text, multiline: a string of 1 to `max_length` (at most 10,000) characters, matching
  `pattern` as a whole (`re.fullmatch`; the length is checked first, so a pattern never runs
  on more than 10,000 characters);
- integer: a JSON integer (2.0 counts, as in JSON Schema); decimal: a JSON number;
- currency: a decimal *string* with at most two decimals ("12.50", "-3", "0.5"): binary
  floating point cannot hold cents exactly and JSON Schema's `multipleOf` on floats is
  unreliable, so money travels as text (as xs:decimal in XÖV messages);
- date: "YYYY-MM-DD", a real calendar date; boolean: true or false;
- select: the `value` of one of the choices (any string while a code list is unresolved);
- file: {"name", "size", "sha512", "content_type"} and optionally "id" (the stored
  attachment's UUID), nothing else: the reference to an upload stored elsewhere.

Each check returns (code, message) for the first problem, or None. Messages are rendered
when the form is built, so checking allocates nothing on success.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from rathaus.forms.definition import DataType, FieldDef, GroupDef, Text

MAX_TEXT = 10_000
# matched whole (re.fullmatch); the JSON Schema export anchors them the same way
DATE_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
CURRENCY_PATTERN = r"-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?"
SHA512_PATTERN = "[0-9a-f]{128}"
FILE_KEYS = frozenset({"name", "size", "sha512", "content_type"})
FILE_ID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
FILE_TEXT_MAX = 255

_DATE = re.compile(DATE_PATTERN)
_CURRENCY = re.compile(CURRENCY_PATTERN)
_SHA512 = re.compile(SHA512_PATTERN)
_FILE_ID = re.compile(FILE_ID_PATTERN)

Failure = tuple[str, Text]
FieldCheck = Callable[[Any], Failure | None]


def _labels(element: FieldDef | GroupDef) -> tuple[str, str]:
    label = element.label
    return f"„{label.de}“", f"“{label.en or label.de}”"


# code → (German, English); {de}/{en} is the quoted label, {n} a number
_MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("Geben Sie {de} an", "Enter {en}"),
    "required_select": ("Wählen Sie {de} aus", "Select {en}"),
    "required_boolean": ("Wählen Sie bei {de} Ja oder Nein", "Select yes or no for {en}"),
    "required_file": ("Laden Sie {de} hoch", "Upload {en}"),
    "required_group": (
        "Geben Sie bei {de} mindestens einen Eintrag an",
        "Add at least one entry to {en}",
    ),
    "text": ("{de} muss ein Text sein", "{en} must be text"),
    "integer": (
        "{de} muss eine ganze Zahl sein, zum Beispiel 12",
        "{en} must be a whole number, like 12",
    ),
    "decimal": ("{de} muss eine Zahl sein", "{en} must be a number"),
    "currency": (
        "{de} muss ein Betrag mit höchstens zwei Nachkommastellen sein, zum Beispiel 12.50",
        "{en} must be an amount with no more than 2 decimal places, like 12.50",
    ),
    "date": (
        "{de} muss ein gültiges Datum sein, zum Beispiel 2024-03-27",
        "{en} must be a real date, like 2024-03-27",
    ),
    "boolean": ("{de} muss Ja oder Nein sein", "{en} must be yes or no"),
    "choice": (
        "Wählen Sie bei {de} einen der angebotenen Werte",
        "Select one of the options for {en}",
    ),
    "file": ("{de} ist keine gültige Dateiangabe", "{en} is not a valid file reference"),
    "too_long": (
        "{de} darf höchstens {n} Zeichen lang sein",
        "{en} must be {n} characters or fewer",
    ),
    "too_short": (
        "{de} muss mindestens {n} Zeichen lang sein",
        "{en} must be {n} characters or more",
    ),
    "pattern": ("{de} hat nicht das richtige Format", "{en} is not in the right format"),
    "minimum": ("{de} muss mindestens {n} sein", "{en} must be {n} or more"),
    "maximum": ("{de} darf höchstens {n} sein", "{en} must be {n} or less"),
    "too_few": (
        "Geben Sie bei {de} mindestens {n} Einträge an",
        "Add at least {n} entries to {en}",
    ),
    "too_many": (
        "Geben Sie bei {de} höchstens {n} Einträge an",
        "Add no more than {n} entries to {en}",
    ),
    "list": ("{de} muss eine Liste sein", "{en} must be a list"),
    "object": ("{de} muss ein Objekt mit Angaben sein", "{en} must be an object of answers"),
    "hidden": (
        "{de}: Feld ist ausgeblendet und darf nicht beantwortet werden",
        "{en}: the field is hidden and must not be answered",
    ),
    "static": (
        "{de} ist ein Hinweistext und nimmt keine Antwort an",
        "{en} is an information text and takes no answer",
    ),
}


def message(code: str, element: FieldDef | GroupDef, value: object = None) -> Text:
    """The German and English message for `code` about `element` (GOV.UK style)."""
    de, en = _labels(element)
    german, english = _MESSAGES[code]
    return Text(de=german.format(de=de, en=en, n=value), en=english.format(de=de, en=en, n=value))


def unknown_message(key: str) -> Text:
    """The message for a key the form does not ask for."""
    shown = key if len(key) <= 64 else key[:64] + "…"
    return Text(de=f"Unbekannte Angabe „{shown}“", en=f"Unknown entry “{shown}”")


def required_code(element: FieldDef | GroupDef) -> str:
    """Which 'required' wording fits the element ('Geben Sie … an', 'Wählen Sie … aus', …)."""
    if isinstance(element, GroupDef):
        return "required_group" if element.is_repeated else "required"
    return {
        DataType.SELECT: "required_select",
        DataType.BOOLEAN: "required_boolean",
        DataType.FILE: "required_file",
    }.get(element.type, "required")


def _plain(bound: Decimal) -> str:
    return format(bound.normalize(), "f") if bound == bound.to_integral_value() else str(bound)


def _bounds(field: FieldDef) -> Callable[[Decimal | int | float], Failure | None]:
    """Minimum/maximum, compared as decimals (floats by their shortest repr)."""
    low, high = field.minimum, field.maximum
    too_low = ("minimum", message("minimum", field, _plain(low))) if low is not None else None
    too_high = ("maximum", message("maximum", field, _plain(high))) if high is not None else None

    def check(value: Decimal | int | float) -> Failure | None:
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if low is not None and number < low:
            return too_low
        if high is not None and number > high:
            return too_high
        return None

    return check


def _text_check(field: FieldDef) -> FieldCheck:
    longest = min(field.max_length or MAX_TEXT, MAX_TEXT)
    shortest = max(field.min_length or 0, 1)
    regex = re.compile(field.pattern) if field.pattern else None
    wrong = ("text", message("text", field))
    too_long = ("too_long", message("too_long", field, longest))
    too_short = ("too_short", message("too_short", field, shortest))
    mismatch = ("pattern", message("pattern", field))

    def check(value: Any) -> Failure | None:
        if not isinstance(value, str):
            return wrong
        size = len(value)
        if size > longest:
            return too_long
        if size < shortest:
            return too_short
        if regex is not None and regex.fullmatch(value) is None:
            return mismatch
        return None

    return check


def _integer_check(field: FieldDef) -> FieldCheck:
    wrong = ("integer", message("integer", field))
    bounds = _bounds(field)

    def check(value: Any) -> Failure | None:
        if isinstance(value, bool) or not (
            isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        ):
            return wrong
        return bounds(value)

    return check


def _decimal_check(field: FieldDef) -> FieldCheck:
    wrong = ("decimal", message("decimal", field))
    bounds = _bounds(field)

    def check(value: Any) -> Failure | None:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return wrong
        if isinstance(value, float) and not math.isfinite(value):
            return wrong
        return bounds(value)

    return check


def _currency_check(field: FieldDef) -> FieldCheck:
    wrong = ("currency", message("currency", field))
    bounds = _bounds(field)

    def check(value: Any) -> Failure | None:
        if not isinstance(value, str) or _CURRENCY.fullmatch(value) is None:
            return wrong
        return bounds(Decimal(value))

    return check


def _date_check(field: FieldDef) -> FieldCheck:
    wrong = ("date", message("date", field))

    def check(value: Any) -> Failure | None:
        if not isinstance(value, str) or _DATE.fullmatch(value) is None:
            return wrong
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return wrong
        return None

    return check


def _boolean_check(field: FieldDef) -> FieldCheck:
    wrong = ("boolean", message("boolean", field))
    return lambda value: None if value is True or value is False else wrong


def _select_check(field: FieldDef) -> FieldCheck:
    allowed = frozenset(choice.value for choice in field.choices)
    wrong = ("choice", message("choice", field))

    def check(value: Any) -> Failure | None:
        if not isinstance(value, str) or (allowed and value not in allowed):
            return wrong
        return None

    return check


def file_reference_ok(value: Any) -> bool:
    """Whether `value` is a well-formed reference to an uploaded file."""
    if not isinstance(value, dict) or value.keys() - {"id"} != FILE_KEYS:
        return False
    if "id" in value and not (
        isinstance(value["id"], str) and _FILE_ID.fullmatch(value["id"]) is not None
    ):
        return False
    name, size, digest, kind = (value[k] for k in ("name", "size", "sha512", "content_type"))
    return (
        isinstance(name, str)
        and 1 <= len(name) <= FILE_TEXT_MAX
        and isinstance(kind, str)
        and 1 <= len(kind) <= FILE_TEXT_MAX
        and isinstance(digest, str)
        and _SHA512.fullmatch(digest) is not None
        and not isinstance(size, bool)
        and (isinstance(size, int) or (isinstance(size, float) and size.is_integer()))
        and size >= 0
    )


def _file_check(field: FieldDef) -> FieldCheck:
    wrong = ("file", message("file", field))
    return lambda value: None if file_reference_ok(value) else wrong


_BUILDERS: dict[DataType, Callable[[FieldDef], FieldCheck]] = {
    DataType.TEXT: _text_check,
    DataType.MULTILINE: _text_check,
    DataType.INTEGER: _integer_check,
    DataType.DECIMAL: _decimal_check,
    DataType.CURRENCY: _currency_check,
    DataType.DATE: _date_check,
    DataType.BOOLEAN: _boolean_check,
    DataType.SELECT: _select_check,
    DataType.FILE: _file_check,
}


def field_check(field: FieldDef) -> FieldCheck:
    """The check of one value (one item, for repeated fields) of an input field."""
    return _BUILDERS[field.type](field)
