"""The engine and an independent JSON Schema validator agree on every generated answer set.

Forms are generated with fields of every type and random constraints, optional and
repeatable groups, and visibility/requiredness rules of the kind JSON Schema can express
(conditions on select, boolean and integer fields of the same object). Answer sets are
mostly valid, then mutated: wrong types, missing answers, too long texts, hidden fields
answered, unknown keys.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from rathaus.forms.definition import DataType, FieldDef, FormDef, GroupDef
from rathaus.forms.engine import CompiledForm
from rathaus.forms.jsonschema_export import json_schema

PATTERNS = ["[a-z]+", "[A-Z]{2}[0-9]*", "a|ab", "x.*", "[0-9]{5}"]
JUNK: list[Any] = [
    None,
    0,
    7,
    -1,
    2.5,
    3.0,
    True,
    False,
    "",
    "x",
    "a" * 12,
    [],
    {},
    ["a"],
    {"a": 1},
]
SHA = "ab" * 64


class _Builder:
    """Draws one form: elements, and rules on fields that come before their target."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.ids = itertools.count()
        self.rules: list[dict[str, Any]] = []

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self.ids)}"

    def elements(self, depth: int) -> list[dict[str, Any]]:
        draw = self.draw
        made: list[dict[str, Any]] = []
        for _ in range(draw(st.integers(1, 4))):
            if depth < 2 and draw(st.integers(0, 4)) == 0:
                made.append(self.group(depth))
            else:
                made.append(self.field())
            self.maybe_rule(made)
        return made

    def group(self, depth: int) -> dict[str, Any]:
        maximum = self.draw(st.sampled_from([1, 1, 2, 3, None]))
        minimum = self.draw(st.integers(0, 1 if maximum == 1 else 2))
        return {
            "id": self.new_id("G"),
            "label": "Gruppe",
            "min_items": minimum,
            "max_items": maximum,
            "children": self.elements(depth + 1),
        }

    def field(self) -> dict[str, Any]:
        draw = self.draw
        kind = draw(st.sampled_from(list(DataType)))
        field: dict[str, Any] = {"id": self.new_id("F"), "label": "Feld", "type": kind.value}
        field["required"] = draw(st.booleans())
        if kind != DataType.STATIC and draw(st.integers(0, 3)) == 0:
            field["max_items"] = draw(st.sampled_from([2, 3, None]))
            field["min_items"] = draw(st.integers(0, 2))
        if kind in (DataType.TEXT, DataType.MULTILINE):
            low = draw(st.sampled_from([None, 0, 2]))
            field["min_length"] = low
            field["max_length"] = draw(st.sampled_from([None, 3, 6]))
            field["pattern"] = draw(st.sampled_from([None, None, *PATTERNS]))
        if kind in (DataType.INTEGER, DataType.DECIMAL):
            bounds = sorted(draw(st.lists(st.sampled_from([-3, 0, 2, 5]), max_size=2)))
            if kind == DataType.DECIMAL and bounds:
                bounds[0] = Decimal(bounds[0]) - Decimal("0.5")
            field["minimum"] = bounds[0] if bounds and draw(st.booleans()) else None
            field["maximum"] = bounds[-1] if bounds and draw(st.booleans()) else None
        if kind == DataType.SELECT:
            field["choices"] = [{"value": v, "label": v} for v in ("a", "b", "c")]
        return field

    def maybe_rule(self, made: list[dict[str, Any]]) -> None:
        """A rule on the newest element, reading fields before it (so never a cycle)."""
        draw = self.draw
        target = made[-1]
        controllers = [e for e in made[:-1] if _controls(e)]
        if not controllers or draw(st.integers(0, 2)) == 0:
            return
        kind = draw(st.sampled_from(["visible", "visible", "required"]))
        expression = self.condition(controllers)
        if draw(st.integers(0, 3)) == 0:
            other = self.condition(controllers)
            expression = f"({expression}) {draw(st.sampled_from(['and', 'or']))} ({other})"
        if draw(st.integers(0, 5)) == 0:
            expression = f"not ({expression})"
        self.rules.append(
            {
                "id": self.new_id("R"),
                "kind": kind,
                "targets": [target["id"]],
                "expression": expression,
            }
        )

    def condition(self, controllers: list[dict[str, Any]]) -> str:
        field = self.draw(st.sampled_from(controllers))
        name = field["id"]
        options = {
            "select": [
                f"{name} == 'a'",
                f"{name} != 'b'",
                f"{name} in ['a', 'c']",
                f"{name} not in ['a']",
                f"filled({name})",
                f"{name} == null",
            ],
            "boolean": [f"{name} == true", name, f"not {name}", f"{name} != false"],
            "integer": [f"{name} > 2", f"{name} <= 0", f"2 == {name}", f"empty({name})"],
        }[field["type"]]
        return self.draw(st.sampled_from(options))


def _controls(element: dict[str, Any]) -> bool:
    return (
        element.get("type") in ("select", "boolean", "integer")
        and element.get("max_items", 1) == 1
        and "children" not in element
    )


@st.composite
def forms(draw: st.DrawFn) -> FormDef:
    builder = _Builder(draw)
    pages = [
        {"id": f"p{n}", "title": "Seite", "elements": builder.elements(0)}
        for n in range(draw(st.integers(1, 2)))
    ]
    return FormDef.model_validate(
        {"id": "generated", "title": "Erzeugt", "pages": pages, "rules": builder.rules}
    )


GOOD_FILE = {"name": "a.pdf", "size": 10, "sha512": SHA, "content_type": "application/pdf"}
VALUES: dict[DataType, st.SearchStrategy[Any]] = {
    DataType.INTEGER: st.integers(-5, 7),
    DataType.DECIMAL: st.one_of(
        st.integers(-5, 7), st.floats(-5, 7), st.sampled_from([2.5, -3.5, 0.1])
    ),
    DataType.CURRENCY: st.sampled_from(
        ["0", "12.50", "-3", "0.5", "7", "1.234", "01", "1.5\n", 12.5]
    ),
    DataType.DATE: st.one_of(
        st.dates().map(str),
        st.sampled_from(["2023-02-29", "2024-02-29", "2024-2-1", "0000-01-01", "2024-01-01\n"]),
    ),
    DataType.BOOLEAN: st.booleans(),
    DataType.SELECT: st.sampled_from(["a", "b", "c", "a", "b", "z"]),
    DataType.FILE: st.sampled_from(
        [
            GOOD_FILE,
            GOOD_FILE,
            GOOD_FILE,
            {**GOOD_FILE, "size": -1},
            {**GOOD_FILE, "sha512": SHA + "\n"},
            {**GOOD_FILE, "x": 1},
        ]
    ),
    DataType.STATIC: st.just("Hinweis"),  # never to be answered
}


def _value(draw: st.DrawFn, field: FieldDef) -> Any:
    """A value that is usually valid, sometimes junk or too long."""
    roll = draw(st.integers(0, 29))
    if roll == 0:
        return draw(st.sampled_from(JUNK))
    if field.type not in (DataType.TEXT, DataType.MULTILINE):
        return draw(VALUES[field.type])
    if roll == 1:
        return "a" * ((field.max_length or 10_000) + 1)
    if field.pattern:
        return draw(st.from_regex(field.pattern, fullmatch=True).filter(lambda s: len(s) < 9))
    return draw(st.text(min_size=1, max_size=7))


def _answer(draw: st.DrawFn, element: FieldDef | GroupDef) -> Any:
    if isinstance(element, GroupDef):
        if not element.is_repeated:
            return _answers(draw, element.children)
        top = (element.max_items or 3) + 1
        return [_answers(draw, element.children) for _ in range(draw(st.integers(0, top)))]
    if not element.is_repeated:
        return _value(draw, element)
    top = (element.max_items or 3) + 1
    return [_value(draw, element) for _ in range(draw(st.integers(0, top)))]


def _answers(draw: st.DrawFn, elements: tuple[FieldDef | GroupDef, ...]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for element in elements:
        is_static = isinstance(element, FieldDef) and element.type == DataType.STATIC
        if draw(st.integers(0, 9)) < (1 if is_static else 7):
            answers[element.id] = _answer(draw, element)
    if draw(st.integers(0, 19)) == 0:
        answers["extra"] = "unbekannt"
    return answers


@st.composite
def forms_and_answers(draw: st.DrawFn) -> tuple[FormDef, dict[str, Any]]:
    form = draw(forms())
    answers = _answers(draw, tuple(e for page in form.pages for e in page.elements))
    if draw(st.booleans()):  # often drop hidden answers, so that more answer sets are valid
        answers = CompiledForm.build(form).clean(answers)[0]
    return form, answers


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms_and_answers())
def test_the_engine_and_the_exported_json_schema_accept_the_same_answers(
    case: tuple[FormDef, dict[str, Any]],
) -> None:
    form, answers = case
    schema, not_expressed = json_schema(form)
    assert not_expressed == []
    validator = Draft202012Validator(schema)  # no format assertion: the patterns are exact
    problems = CompiledForm.build(form).validate(answers)
    schema_errors = [(list(e.absolute_path), e.message) for e in validator.iter_errors(answers)]
    event("accepted" if not problems else "refused")
    assert (problems == []) == (schema_errors == []), (problems, schema_errors, answers)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms_and_answers())
def test_non_strict_validation_is_validation_of_the_cleaned_answers(
    case: tuple[FormDef, dict[str, Any]],
) -> None:
    form, answers = case
    compiled = CompiledForm.build(form)
    cleaned, _ = compiled.clean(answers)
    assert compiled.validate(answers, strict=False) == compiled.validate(cleaned)
    assert compiled.clean(cleaned) == (cleaned, [])
