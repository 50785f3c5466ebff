"""The own form format: a FormDef written by hand in YAML or JSON, with readable errors."""

from __future__ import annotations

import json
from typing import Any

import yaml
from pydantic import ValidationError

from rathaus.forms.definition import FormDef

MAX_DEFINITION_BYTES = 2_000_000

# German wording for the errors people make most when writing a form by hand.
_GERMAN = {
    "missing": "Pflichtangabe fehlt",
    "extra_forbidden": "unbekannte Angabe",
    "enum": "kein erlaubter Wert",
    "literal_error": "kein erlaubter Wert",
    "string_pattern_mismatch": "Kennungen beginnen mit einem Buchstaben und enthalten nur "
    "Buchstaben, Ziffern und _",
    "string_type": "erwartet wird ein Text",
    "int_parsing": "erwartet wird eine ganze Zahl",
    "int_type": "erwartet wird eine ganze Zahl",
    "bool_parsing": "erwartet wird true oder false",
    "bool_type": "erwartet wird true oder false",
    "decimal_parsing": "erwartet wird eine Zahl",
    "greater_than_equal": "Wert ist zu klein",
    "tuple_type": "erwartet wird eine Liste",
    "model_type": "erwartet wird ein Objekt mit Angaben",
    "model_attributes_type": "erwartet wird ein Objekt mit Angaben",
    "union_tag_invalid": "`kind` muss field oder group sein",
}


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without anchors/aliases: a hand-written form needs none, and aliases are how
    a few kilobytes expand into gigabytes (the 'billion laughs')."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.YAMLError(
                f"Aliase (*) sind nicht erlaubt, Zeile {event.start_mark.line + 1}"
            )
        return super().compose_node(parent, index)


class FormDefinitionError(Exception):
    """A definition was refused; `problems` lists 'path: reason' lines."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _path(location: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in location:
        if item in ("field", "group"):  # the union's tag, not a place in the document
            continue
        parts.append(f"[{item}]" if isinstance(item, int) else f".{item}")
    return "".join(parts).lstrip(".") or "(Formular)"


def _problem(error: Any) -> str:
    kind = error["type"]
    english = error["msg"].removeprefix("Value error, ")
    if kind == "value_error":  # our own validators already speak German
        return f"{_path(error['loc'])}: {english}"
    german = _GERMAN.get(kind, "ungültig")
    return f"{_path(error['loc'])}: {german} / {english}"


def form_from_data(data: object) -> FormDef:
    """Validate parsed data as a form definition."""
    try:
        return FormDef.model_validate(data)
    except ValidationError as error:
        raise FormDefinitionError([_problem(e) for e in error.errors()]) from None


def form_from_text(text: str | bytes) -> FormDef:
    """Parse YAML (or JSON, which is YAML) and validate it as a form definition."""
    if len(text) > MAX_DEFINITION_BYTES:
        raise FormDefinitionError(
            [f"(Datei): größer als {MAX_DEFINITION_BYTES // 1_000_000} MB / file too large"]
        )
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a safe loader, aliases off
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"Zeile {mark.line + 1}, Spalte {mark.column + 1}" if mark else "(Datei)"
        raise FormDefinitionError(
            [f"{where}: kein gültiges YAML/JSON / not valid YAML or JSON ({error})"]
        ) from None
    if not isinstance(data, dict):
        raise FormDefinitionError(["(Datei): erwartet wird ein Formular-Objekt / expected a form"])
    return form_from_data(data)


def format_json_schema() -> str:
    """The JSON Schema (2020-12) of the own format, for editors and validators."""
    schema = FormDef.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://rathaus.example/schemas/rathaus-form-1.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2)
