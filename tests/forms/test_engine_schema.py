"""The JSON Schema exported from a form: what it states, and what it says it leaves out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from rathaus.forms.definition import FormDef
from rathaus.forms.engine import CompiledForm
from rathaus.forms.jsonschema_export import json_schema
from rathaus.forms.ownformat import form_from_text

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "rathaus" / "forms" / "examples"
SELECT = {
    "id": "art",
    "label": "Art",
    "type": "select",
    "choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
}


def _definition(
    elements: list[dict[str, Any]], rules: list[dict[str, Any]] | None = None, **extra: Any
) -> FormDef:
    return FormDef.model_validate(
        {
            "id": "t",
            "version": "2",
            "title": "Test",
            "pages": [{"id": "p1", "title": "Seite", "elements": elements}],
            "rules": rules or [],
            **extra,
        }
    )


def _validator(definition: FormDef) -> Draft202012Validator:
    schema, _ = json_schema(definition)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_an_own_form_gets_a_rathaus_uri_and_a_fim_form_the_fitko_address() -> None:
    schema, _ = json_schema(_definition([SELECT]))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "urn:rathaus:form:t:2"
    fim = _definition([SELECT], fim={"id": "S00000092", "version": "1.0"})
    assert json_schema(fim)[0]["$id"] == "https://schema.fitko.de/fim/s00000092_1.0.schema.json"


def test_properties_are_keyed_by_element_id_and_unknown_keys_are_refused() -> None:
    validator = _validator(_definition([SELECT, {"id": "name", "label": "Name", "required": True}]))
    assert validator.schema["required"] == ["name"]
    assert validator.is_valid({"name": "x", "art": "a"})
    assert not validator.is_valid({"name": "x", "anderes": 1})


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2024-02-29", True),
        ("2023-02-29", False),
        ("2024-04-31", False),
        ("0000-01-01", False),
        ("2024-1-01", False),
        ("2024-01-01\n", False),
    ],
)
def test_dates_are_checked_exactly_even_without_format_assertion(value: str, valid: bool) -> None:
    definition = _definition([{"id": "d", "label": "Datum", "type": "date"}])
    schema, _ = json_schema(definition)
    assert schema["properties"]["d"]["format"] == "date"
    assert _validator(definition).is_valid({"d": value}) is valid
    assert (CompiledForm.build(definition).validate({"d": value}) == []) is valid


def test_a_pattern_matches_the_whole_text_as_in_the_engine() -> None:
    validator = _validator(_definition([{"id": "plz", "label": "PLZ", "pattern": "[0-9]{5}"}]))
    assert validator.is_valid({"plz": "35037"})
    assert not validator.is_valid({"plz": "35037\n"})
    assert not validator.is_valid({"plz": "x35037"})


def test_a_visibility_rule_on_a_field_of_the_same_object_becomes_if_then_else() -> None:
    definition = _definition(
        [SELECT, {"id": "name", "label": "Name", "required": True}],
        [{"id": "r", "kind": "visible", "targets": ["name"], "expression": "art == 'a'"}],
    )
    schema, not_expressed = json_schema(definition)
    assert not_expressed == []
    validator = Draft202012Validator(schema)
    assert validator.is_valid({"art": "b"})
    assert not validator.is_valid({"art": "b", "name": "x"})  # hidden, yet answered
    assert not validator.is_valid({"art": "a"})  # shown and required
    assert validator.is_valid({"art": "a", "name": "x"})


def test_rules_it_cannot_express_are_returned_and_their_targets_become_optional() -> None:
    definition = _definition(
        [
            {"id": "alter", "label": "Alter", "type": "date"},
            {"id": "vertreter", "label": "Vertreter", "required": True},
            {"id": "summe", "label": "Summe", "type": "decimal"},
        ],
        [
            {
                "id": "r",
                "kind": "visible",
                "targets": ["vertreter"],
                "expression": "years(alter) < 18",
            },
            {"id": "c", "kind": "compute", "targets": ["summe"], "expression": "1 + 1"},
            {"id": "k", "kind": "check", "expression": "filled(alter)", "message": "Alter fehlt"},
        ],
    )
    schema, not_expressed = json_schema(definition)
    assert [item.id for item in not_expressed] == ["c", "k", "r"]
    assert "required" not in schema
    assert Draft202012Validator(schema).is_valid({})


def test_currency_is_a_decimal_string_and_its_bounds_are_reported_as_not_expressed() -> None:
    definition = _definition(
        [{"id": "betrag", "label": "Betrag", "type": "currency", "minimum": 0}]
    )
    schema, not_expressed = json_schema(definition)
    assert [item.id for item in not_expressed] == ["betrag"]
    validator = Draft202012Validator(schema)
    assert validator.is_valid({"betrag": "12.50"})
    assert not validator.is_valid({"betrag": 12.5})
    assert not validator.is_valid({"betrag": "12.505"})


@pytest.mark.parametrize("name", ["hundesteuer.yaml", "sperrmuell.yaml"])
def test_the_example_forms_compile_and_export(name: str) -> None:
    definition = form_from_text((EXAMPLES / name).read_text(encoding="utf-8"))
    form = CompiledForm.build(definition)
    validator = _validator(definition)
    assert form.validate({}) != []
    assert not validator.is_valid({})
