"""The own form format: readable YAML in, a validated definition or path-and-reason errors out."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from rathaus.forms.checks import publish_problems
from rathaus.forms.definition import DataType, FieldDef, GroupDef, iter_elements
from rathaus.forms.ownformat import FormDefinitionError, form_from_text, format_json_schema

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "rathaus" / "forms" / "examples"
MINIMAL = """
id: minimal
title: Minimal
pages:
  - id: p1
    title: Seite 1
    elements:
      - {id: name, label: Name, required: true}
"""


def _problems(text: str) -> list[str]:
    with pytest.raises(FormDefinitionError) as error:
        form_from_text(text)
    return error.value.problems


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_shipped_examples_are_valid_and_publishable(path: Path) -> None:
    definition = form_from_text(path.read_text(encoding="utf-8"))
    assert publish_problems(definition) == []
    schema = json.loads(format_json_schema())
    jsonschema.validate(definition.model_dump(mode="json"), schema)


def test_plain_strings_are_german_texts_and_kinds_are_inferred() -> None:
    definition = form_from_text(MINIMAL)
    field = definition.pages[0].elements[0]
    assert isinstance(field, FieldDef)
    assert field.label.de == "Name" and field.label.get("en") == "Name"
    assert field.type == DataType.TEXT and field.required


def test_groups_are_recognised_by_their_children() -> None:
    definition = form_from_text((EXAMPLES / "hundesteuer.yaml").read_text(encoding="utf-8"))
    dog = next(e for e in iter_elements(definition) if e.id == "hund")
    assert isinstance(dog, GroupDef) and dog.is_repeated and dog.max_items == 5


def test_an_unknown_type_is_named_with_its_path() -> None:
    problems = _problems(MINIMAL.replace("required: true", "type: nummer"))
    assert problems[0].startswith("pages[0].elements[0].type: kein erlaubter Wert")


def test_an_unknown_key_is_refused() -> None:
    assert _problems(MINIMAL.replace("required: true", "farbe: rot")) == [
        "pages[0].elements[0].farbe: unbekannte Angabe / Extra inputs are not permitted"
    ]


def test_duplicate_ids_are_refused() -> None:
    text = MINIMAL + "      - {id: name, label: Noch ein Name}\n"
    assert any("Kennung name kommt mehrfach vor" in p for p in _problems(text))


def test_a_rule_on_an_unknown_element_is_refused() -> None:
    text = (
        MINIMAL + "rules:\n  - {id: r, kind: visible, targets: [gibtsnicht], expression: 'true'}\n"
    )
    assert any("unbekannte Elemente: gibtsnicht" in p for p in _problems(text))


def test_a_select_without_choices_or_codelist_is_refused() -> None:
    problems = _problems(MINIMAL.replace("required: true", "type: select"))
    assert any("braucht `choices` oder eine `codelist`" in p for p in problems)


def test_a_broken_pattern_is_refused() -> None:
    problems = _problems(MINIMAL.replace("required: true", "pattern: '[a-'"))
    assert any("kein gültiger regulärer Ausdruck" in p for p in problems)


def test_a_rule_with_an_unsafe_expression_blocks_publishing() -> None:
    text = MINIMAL + (
        "rules:\n  - {id: r, kind: visible, targets: [name], "
        'expression: \'__import__("os").system("x")\'}\n'
    )
    problems = publish_problems(form_from_text(text))
    assert problems and problems[0].startswith("Regel r:")


@pytest.mark.parametrize("text", ["a: [", "- eine Liste", "", "42"])
def test_text_that_is_no_form_is_refused_clearly(text: str) -> None:
    assert _problems(text)[0].split(":")[0] in {"Zeile 1, Spalte 5", "(Datei)"}


def test_yaml_aliases_cannot_blow_up_a_small_file() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    assert "Aliase (*) sind nicht erlaubt" in _problems(bomb)[0]


def test_an_oversized_file_is_refused_before_parsing() -> None:
    assert "größer als" in _problems("#" * 3_000_000)[0]


def test_the_format_schema_is_valid_json_schema_2020_12() -> None:
    schema = json.loads(format_json_schema())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
