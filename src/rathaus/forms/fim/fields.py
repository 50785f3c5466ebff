"""One FIM Datenfeld → the attributes of a FieldDef (type, constraints, choices)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from rathaus.forms.definition import DataType
from rathaus.forms.fim.codelists import CodeList, CodeListIndex
from rathaus.forms.fim.report import ImportReport

_INPUT_TYPES: dict[str, DataType] = {
    "text": DataType.TEXT,
    "text_latin": DataType.TEXT,
    "date": DataType.DATE,
    "bool": DataType.BOOLEAN,
    "num": DataType.DECIMAL,
    "num_int": DataType.INTEGER,
    "num_currency": DataType.CURRENCY,
    "file": DataType.FILE,
    "obj": DataType.FILE,
    "datetime": DataType.TEXT,
    "time": DataType.TEXT,
}
# The model has no date-time or time type: such fields become text with a pattern people
# can type (the report says so).
_PATTERNS = {
    "datetime": r"\d{2}\.\d{2}\.\d{4} ([01]\d|2[0-3]):[0-5]\d",
    "time": r"([01]\d|2[0-3]):[0-5]\d",
}
_TEXTUAL = (DataType.TEXT, DataType.MULTILINE)
_NUMERIC = (DataType.INTEGER, DataType.DECIMAL, DataType.CURRENCY)
MULTILINE_FROM = 200  # longer allowed texts get a text area
_FREE_TEXT = re.compile(r"freitext|begründung|bemerkung|erläuterung|beschreibung", re.IGNORECASE)
AUTOCOMPLETE = {
    "familienname": "family-name",
    "nachname": "family-name",
    "vorname": "given-name",
    "vornamen": "given-name",
    "geburtsdatum": "bday",
    "plz": "postal-code",
    "postleitzahl": "postal-code",
    "ort": "address-level2",
    "wohnort": "address-level2",
    "straße": "address-line1",
    "strasse": "address-line1",
    "e-mail": "email",
    "e-mail-adresse": "email",
    "telefon": "tel",
    "telefonnummer": "tel",
}


@dataclass
class FieldContext:
    """What mapping a field needs besides the element: namespace, report, code lists."""

    ns: str
    report: ImportReport
    index: CodeListIndex
    loaded: dict[tuple[str, str], CodeList | None] = field(default_factory=dict)
    missing: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def text(self, element: etree._Element, name: str) -> str:
        return (element.findtext(self.q(name)) or "").strip()

    def code(self, element: etree._Element, name: str) -> str:
        return (element.findtext(f"{self.q(name)}/code") or "").strip()


def field_attributes(
    ctx: FieldContext, element: etree._Element, fim_id: str, label: str
) -> dict[str, Any]:
    """Type, constraints, choices and autocomplete of one Datenfeld."""
    feldart = ctx.code(element, "feldart") or "input"
    datentyp = ctx.code(element, "datentyp") or "text"
    attrs: dict[str, Any] = {}
    if feldart == "label":
        attrs["type"] = DataType.STATIC
        return attrs
    if feldart in ("hidden", "locked"):
        ctx.report.warn(
            f"{fim_id}: Feldart {feldart} gibt es im Formularmodell nicht; das Feld wird als "
            "normales Eingabefeld angezeigt"
        )
    if feldart == "select":
        attrs["type"] = DataType.SELECT
        attrs.update(_choices(ctx, element, fim_id))
    else:
        kind = _INPUT_TYPES.get(datentyp)
        if kind is None:
            ctx.report.warn(f"{fim_id}: unbekannter Datentyp {datentyp!r}, als Text übernommen")
            kind = DataType.TEXT
        if datentyp in _PATTERNS:
            attrs["pattern"] = _PATTERNS[datentyp]
            ctx.report.warn(f"{fim_id}: Datentyp {datentyp} wird als Text mit Muster erfasst")
        if datentyp == "obj":
            ctx.report.warn(f"{fim_id}: Datentyp obj wird als Datei-Upload erfasst")
        attrs["type"] = kind
        attrs.update(_constraints(ctx, element, fim_id, kind))
        if kind == DataType.TEXT and (
            (attrs.get("max_length") or 0) > MULTILINE_FROM or _FREE_TEXT.search(label)
        ):
            attrs["type"] = DataType.MULTILINE
    token = AUTOCOMPLETE.get(label.strip().lower()) or AUTOCOMPLETE.get(
        ctx.text(element, "name").lower()
    )
    if token and attrs["type"] in (*_TEXTUAL, DataType.DATE):
        attrs["autocomplete"] = token
    return attrs


def _raw_constraints(ctx: FieldContext, element: etree._Element, fim_id: str) -> dict[str, str]:
    """XDF3: attributes of praezisierung; XDF2: a JSON object in its text."""
    found = element.find(ctx.q("praezisierung"))
    if found is None:
        return {}
    raw = {str(key): str(value) for key, value in found.attrib.items() if str(value).strip()}
    text = (found.text or "").strip()
    if text and not raw:
        try:
            parsed = json.loads(text)
        except ValueError:
            ctx.report.warn(
                f"{fim_id}: Präzisierung ist kein gültiges JSON ({text[:60]!r}); ignoriert"
            )
            return {}
        if not isinstance(parsed, dict):
            ctx.report.warn(f"{fim_id}: Präzisierung {text[:60]!r} ist kein Objekt; ignoriert")
            return {}
        raw = {str(key): str(value) for key, value in parsed.items() if str(value).strip()}
    return raw


def _constraints(
    ctx: FieldContext, element: etree._Element, fim_id: str, kind: DataType
) -> dict[str, Any]:
    raw = _raw_constraints(ctx, element, fim_id)
    if kind in _TEXTUAL:
        return _text_constraints(ctx, raw, fim_id)
    if kind in _NUMERIC:
        return _number_constraints(ctx, raw, fim_id)
    if kind == DataType.DATE and ("minValue" in raw or "maxValue" in raw):
        ctx.report.warn(
            f"{fim_id}: Datumsgrenzen ({raw.get('minValue')}–{raw.get('maxValue')}) kann das "
            "Modell nicht abbilden; nur als Hinweis"
        )
    return {}


def _text_constraints(ctx: FieldContext, raw: dict[str, str], fim_id: str) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    for key, name in (("min_length", "minLength"), ("max_length", "maxLength")):
        value = raw.get(name)
        if value is not None and value.isdigit() and (int(value) > 0 or key == "min_length"):
            attrs[key] = int(value)
        elif value is not None:
            ctx.report.warn(f"{fim_id}: {name} {value!r} ist keine gültige Länge; ignoriert")
    if attrs.get("min_length", 0) > attrs.get("max_length", 10**9):
        ctx.report.warn(f"{fim_id}: minLength > maxLength; minLength ignoriert")
        del attrs["min_length"]
    if raw.get("pattern"):
        attrs.update(_pattern(ctx, raw["pattern"], fim_id))
    return attrs


def _number_constraints(ctx: FieldContext, raw: dict[str, str], fim_id: str) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    for key, name in (("minimum", "minValue"), ("maximum", "maxValue")):
        if name in raw:
            number = _decimal(raw[name])
            if number is None:
                ctx.report.warn(f"{fim_id}: {name} {raw[name]!r} ist keine Zahl; ignoriert")
            else:
                attrs[key] = number
    if "minimum" in attrs and "maximum" in attrs and attrs["minimum"] > attrs["maximum"]:
        ctx.report.warn(f"{fim_id}: minValue > maxValue; Grenzen ignoriert")
        return {}
    return attrs


def _pattern(ctx: FieldContext, pattern: str, fim_id: str) -> dict[str, Any]:
    try:
        re.compile(pattern)
    except re.error:
        ctx.report.warn(
            f"{fim_id}: Muster {pattern!r} ist kein gültiger regulärer Ausdruck; ignoriert"
        )
        return {}
    return {"pattern": pattern}


def _decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _choices(ctx: FieldContext, element: etree._Element, fim_id: str) -> dict[str, Any]:
    """Embedded values (XDF3 werte) or a genericode list found by URI and version."""
    embedded = [
        {"value": code, "label": (wert.findtext(ctx.q("name")) or "").strip() or code}
        for wert in element.iterfind(f"{ctx.q('werte')}/{ctx.q('wert')}")
        if (code := (wert.findtext(ctx.q("code")) or "").strip())
    ]
    reference = element.find(ctx.q("codelisteReferenz"))
    uri = version = ""
    if reference is not None:
        # XDF2 wraps the identification in genericodeIdentification, XDF3 does not
        ident = reference.find(ctx.q("genericodeIdentification"))
        ident = reference if ident is None else ident
        uri = ctx.text(ident, "canonicalIdentification")
        version = ctx.text(ident, "version")
    if embedded:
        return {"choices": embedded}
    listed = _load(ctx, uri, version) if uri else None
    if listed is not None and listed.values:
        ref = {"uri": uri, "version": listed.version or version, "resolved": True}
        choices = [{"value": code, "label": label} for code, label in listed.values]
        return {"choices": choices, "codelist": ref}
    ctx.missing.setdefault((uri, version), []).append(fim_id)
    return {"codelist": {"uri": uri, "version": version, "resolved": False}}


def _load(ctx: FieldContext, uri: str, version: str) -> CodeList | None:
    key = (uri, version)
    if key not in ctx.loaded:
        listed = ctx.index.load(uri, version)
        ctx.loaded[key] = listed
        if listed is not None:
            for note in listed.notes:
                ctx.report.warn(f"Codeliste {uri} {listed.version}: {note} (akzeptiert)")
            if not version:
                ctx.report.warn(
                    f"Codeliste {uri} ohne Version referenziert; Version {listed.version} verwendet"
                )
    return ctx.loaded[key]
