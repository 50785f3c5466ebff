"""The JSON Schema (2020-12) of a form's submission data ("Fachdaten", keyed by element ids).

It states what the engine checks per value (see forms/fieldchecks.py: types, lengths,
patterns, bounds, choices, dates, item counts, unknown keys) and translates the visibility
and requiredness rules JSON Schema can express (forms/schema_rules.py) into if/then/else
on the object that holds the target:

    if <all visibility conditions> then <if <any requiredness condition> then required>
    else <the target must be absent>

What it cannot express is returned next to the schema, so callers know where the engine is
stricter: CHECK rules, COMPUTE rules (computed fields are optional in the schema), bounds of
currency amounts (decimal strings), and visibility/requiredness rules that read anything
but plain fields of the same object (their targets become optional and are allowed while
hidden). For everything else a validator such as `jsonschema` accepts exactly the answer
sets the engine accepts in strict mode (tests/forms/test_engine_property.py shows it).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from rathaus.forms import fieldchecks
from rathaus.forms.definition import DataType, FieldDef, FormDef, GroupDef, RuleKind
from rathaus.forms.schema_rules import Schema, condition_schema

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# Every real calendar date, so the schema needs no format assertion (years 0001-9999).
DATE_PATTERN = (
    r"(?!0000)(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
    r"-02-29|(?!0000)[0-9]{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
)


class NotExpressed(NamedTuple):
    """A rule or constraint the schema leaves out (the engine still checks it)."""

    id: str
    reason: str


def json_schema(form: FormDef) -> tuple[dict[str, Any], list[NotExpressed]]:
    """The JSON Schema of the form's submission data, and what it could not express."""
    export = _Export(form)
    body = export.object_schema([e for page in form.pages for e in page.elements])
    schema: dict[str, Any] = {"$schema": DRAFT, "$id": schema_id(form), "title": form.title.de}
    if form.description is not None:
        schema["description"] = form.description.de
    schema.update(body)
    return schema, export.missing


def schema_id(form: FormDef) -> str:
    """FIM forms use the FITKO schema address, own forms a rathaus URN."""
    if form.fim is not None and form.fim.id:
        version = form.fim.version or form.version
        return f"https://schema.fitko.de/fim/{form.fim.id.lower()}_{version}.schema.json"
    return f"urn:rathaus:form:{form.id}:{form.version}"


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _pattern(pattern: str) -> str:
    """`re.fullmatch` semantics for a validator that searches: anchored at both ends;
    `(?![\\s\\S])` rather than `$`, which would also match before a final newline."""
    return f"^(?:{pattern})(?![\\s\\S])"


def value_schema(field: FieldDef) -> Schema:
    """The schema of one value (one item, for repeated fields) of an input field."""
    kind = field.type
    if kind in (DataType.TEXT, DataType.MULTILINE):
        schema: Schema = {
            "type": "string",
            "minLength": max(field.min_length or 0, 1),
            "maxLength": min(field.max_length or fieldchecks.MAX_TEXT, fieldchecks.MAX_TEXT),
        }
        if field.pattern:
            schema["pattern"] = _pattern(field.pattern)
        return schema
    if kind in (DataType.INTEGER, DataType.DECIMAL):
        schema = {"type": "integer" if kind == DataType.INTEGER else "number"}
        if field.minimum is not None:
            schema["minimum"] = _number(field.minimum)
        if field.maximum is not None:
            schema["maximum"] = _number(field.maximum)
        return schema
    if kind == DataType.CURRENCY:
        return {"type": "string", "pattern": _pattern(fieldchecks.CURRENCY_PATTERN)}
    if kind == DataType.DATE:
        return {"type": "string", "format": "date", "pattern": _pattern(DATE_PATTERN)}
    if kind == DataType.BOOLEAN:
        return {"type": "boolean"}
    if kind == DataType.SELECT:
        choices = [choice.value for choice in field.choices]
        return {"type": "string", "enum": choices} if choices else {"type": "string"}
    return _file_schema()


def _file_schema() -> Schema:
    text = {"type": "string", "minLength": 1, "maxLength": fieldchecks.FILE_TEXT_MAX}
    return {
        "type": "object",
        "properties": {
            "name": text,
            "size": {"type": "integer", "minimum": 0},
            "sha512": {"type": "string", "pattern": _pattern(fieldchecks.SHA512_PATTERN)},
            "content_type": text,
            "id": {"type": "string", "pattern": _pattern(fieldchecks.FILE_ID_PATTERN)},
        },
        "required": sorted(fieldchecks.FILE_KEYS),
        "additionalProperties": False,
    }


def _array(items: Schema, element: FieldDef | GroupDef, least: int) -> Schema:
    schema: Schema = {"type": "array", "items": items, "minItems": least}
    if element.max_items is not None:
        schema["maxItems"] = element.max_items
    return schema


class _Export:
    def __init__(self, form: FormDef) -> None:
        self.rules: dict[tuple[RuleKind, str], list[tuple[str, str]]] = {}
        self.missing: list[NotExpressed] = []
        computed: set[str] = set()
        for rule in form.rules:
            for target in rule.targets:
                self.rules.setdefault((rule.kind, target), []).append((rule.id, rule.expression))
            if rule.kind == RuleKind.CHECK:
                self.missing.append(NotExpressed(rule.id, "Prüfregel / check rule"))
            elif rule.kind == RuleKind.COMPUTE:
                computed.update(rule.targets)
                self.missing.append(NotExpressed(rule.id, "berechneter Wert / computed value"))
        self.computed = frozenset(computed)

    def object_schema(self, elements: Sequence[FieldDef | GroupDef]) -> Schema:
        siblings = {element.id: element for element in elements}
        properties: dict[str, Schema] = {}
        required: list[str] = []
        conditions: list[Schema] = []
        for element in elements:
            if isinstance(element, FieldDef) and not element.is_input:
                continue
            properties[element.id], static = self.element_schema(element)
            condition = self.condition(element, siblings, static)
            if condition is None and static and element.id not in self.computed:
                required.append(element.id)
            elif condition:
                conditions.append(condition)
        schema: Schema = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        if conditions:
            schema["allOf"] = conditions
        schema["additionalProperties"] = False
        return schema

    def element_schema(self, element: FieldDef | GroupDef) -> tuple[Schema, bool]:
        """The element's schema and whether it is required when shown."""
        if isinstance(element, FieldDef):
            items = value_schema(element)
            if element.type == DataType.CURRENCY and (element.minimum, element.maximum) != (
                None,
                None,
            ):
                self.missing.append(NotExpressed(element.id, "Grenzen eines Betrags / bounds"))
            if not element.is_repeated:
                return items, element.required
            least = max(element.min_items, 1) if element.required else element.min_items
            return _array(items, element, least), element.required
        inner = self.object_schema(element.children)
        if element.is_repeated:
            return _array(inner, element, element.min_items), element.min_items > 0
        # an absent group with min_items >= 1 counts as {}: required iff {} would fail
        empty_fails = not Draft202012Validator(inner).is_valid({})
        return inner, element.min_items > 0 and empty_fails

    def condition(
        self, element: FieldDef | GroupDef, siblings: dict[str, FieldDef | GroupDef], static: bool
    ) -> Schema | None:
        """if/then/else for the element's rules; None when its requiredness is static."""
        visible = self.translated(RuleKind.VISIBLE, element.id, siblings)
        required = [] if static else self.translated(RuleKind.REQUIRED, element.id, siblings)
        if visible is None or required is None or element.id in self.computed:
            return {}  # optional, and allowed while hidden
        if not visible and not required:
            return None
        needed: Schema = {"required": [element.id]}
        if element.is_repeated:
            needed["properties"] = {element.id: {"minItems": 1}}
        then: Schema | None = needed if static else None
        if required:
            then = {"if": _any(required), "then": needed}
        if not visible:
            return then
        result: Schema = {"if": _all(visible), "else": {"not": {"required": [element.id]}}}
        if then is not None:
            result["then"] = then
        return result

    def translated(
        self, kind: RuleKind, target: str, siblings: dict[str, FieldDef | GroupDef]
    ) -> list[Schema] | None:
        """The conditions of the rules of `kind` on `target`; None if one is not expressible."""
        found: list[Schema] = []
        for rule_id, expression in self.rules.get((kind, target), []):
            schema = condition_schema(expression, siblings, self.computed)
            if schema is None:
                self.missing.append(
                    NotExpressed(rule_id, f"Bedingung für {target} nicht als JSON Schema")
                )
                return None
            found.append(schema)
        return found


def _all(parts: list[Schema]) -> Schema:
    return parts[0] if len(parts) == 1 else {"allOf": parts}


def _any(parts: list[Schema]) -> Schema:
    return parts[0] if len(parts) == 1 else {"anyOf": parts}
