"""The form engine as a person filling in a form notices it: what is shown, asked, refused."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from rathaus.forms.definition import FormDef
from rathaus.forms.engine import CompiledForm, FormEngineError

ART = {
    "id": "art",
    "label": {"de": "Art des Tieres", "en": "kind of animal"},
    "type": "select",
    "required": True,
    "choices": [{"value": v, "label": v} for v in ("hund", "katze")],
}


def _form(
    elements: list[dict[str, Any]], rules: list[dict[str, Any]] | None = None
) -> CompiledForm:
    definition = FormDef.model_validate(
        {
            "id": "t",
            "title": "Test",
            "pages": [{"id": "p1", "title": "Seite", "elements": elements}],
            "rules": rules or [],
        }
    )
    return CompiledForm.build(definition)


def _codes(form: CompiledForm, answers: dict[str, Any], **options: Any) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in form.validate(answers, **options)]


@pytest.fixture
def dog_form() -> CompiledForm:
    return _form(
        [ART, {"id": "rasse", "label": "Rasse", "required": True, "max_length": 60}],
        [{"id": "r1", "kind": "visible", "targets": ["rasse"], "expression": "art == 'hund'"}],
    )


def test_a_required_field_left_out_is_reported_in_german_and_english() -> None:
    form = _form(
        [
            {
                "id": "geburtsdatum",
                "label": {"de": "Geburtsdatum", "en": "date of birth"},
                "type": "date",
                "required": True,
            }
        ]
    )
    [problem] = form.validate({})
    assert problem.path == "geburtsdatum"
    assert problem.code == "required"
    assert problem.message.de == "Geben Sie „Geburtsdatum“ an"
    assert problem.message.en == "Enter “date of birth”"


def test_hidden_fields_are_not_required(dog_form: CompiledForm) -> None:
    assert dog_form.validate({"art": "katze"}) == []
    assert _codes(dog_form, {"art": "hund"}) == [("rasse", "required")]


def test_an_answer_for_a_hidden_field_is_refused_when_strict(dog_form: CompiledForm) -> None:
    [problem] = dog_form.validate({"art": "katze", "rasse": "Dackel"})
    assert (problem.path, problem.code) == ("rasse", "hidden")
    assert "Feld ist ausgeblendet" in problem.message.de


def test_an_answer_for_a_hidden_field_is_dropped_when_cleaned(dog_form: CompiledForm) -> None:
    answers = {"art": "katze", "rasse": "Dackel"}
    assert dog_form.validate(answers, strict=False) == []
    assert dog_form.clean(answers) == ({"art": "katze"}, ["rasse"])


def test_the_state_names_hidden_and_required_elements(dog_form: CompiledForm) -> None:
    state = dog_form.state({"art": "katze"})
    assert state.hidden_ids == {"rasse"}
    assert state.required_ids == {"art"}
    assert dog_form.state({"art": "hund"}).required_ids == {"art", "rasse"}


def test_a_required_rule_makes_a_field_required_only_while_true() -> None:
    form = _form(
        [{"id": "alter", "label": "Alter", "type": "integer"}, {"id": "schule", "label": "Schule"}],
        [{"id": "r", "kind": "required", "targets": ["schule"], "expression": "alter >= 6"}],
    )
    assert form.validate({"alter": 3}) == []
    assert _codes(form, {"alter": 7}) == [("schule", "required")]


def test_a_computed_value_updates_when_its_input_changes() -> None:
    form = _form(
        [
            {"id": "netto", "label": "Netto", "type": "decimal"},
            {"id": "brutto", "label": "Brutto", "type": "decimal"},
        ],
        [{"id": "c", "kind": "compute", "targets": ["brutto"], "expression": "netto * 1.19"}],
    )
    state = form.state({"netto": 100})
    assert state.computed == {"brutto": Decimal("119.00")}
    assert state.update("netto", {"netto": 200}).computed == {"brutto": Decimal("238.00")}


def test_a_cross_field_check_shows_its_message() -> None:
    form = _form(
        [
            {"id": "von", "label": "Von", "type": "date"},
            {"id": "bis", "label": "Bis", "type": "date"},
        ],
        [
            {
                "id": "k",
                "kind": "check",
                "targets": ["bis"],
                "expression": "empty(bis) or days(von, bis) >= 0",
                "message": {
                    "de": "„Bis“ muss nach „Von“ liegen",
                    "en": "“To” must be after “From”",
                },
            }
        ],
    )
    assert form.validate({"von": "2024-05-01", "bis": "2024-06-01"}) == []
    [problem] = form.validate({"von": "2024-05-01", "bis": "2024-04-01"})
    assert (problem.path, problem.code) == ("bis", "check")
    assert problem.message.de == "„Bis“ muss nach „Von“ liegen"


def test_too_long_text_is_refused_with_the_limit_in_the_message() -> None:
    form = _form([{"id": "name", "label": "Name", "max_length": 60}])
    [problem] = form.validate({"name": "x" * 61})
    assert problem.code == "too_long"
    assert problem.message.de == "„Name“ darf höchstens 60 Zeichen lang sein"
    assert problem.message.en == "“Name” must be 60 characters or fewer"


def test_a_pattern_must_match_the_whole_answer() -> None:
    form = _form([{"id": "plz", "label": "Postleitzahl", "pattern": "[0-9]{5}"}])
    assert form.validate({"plz": "35037"}) == []
    assert _codes(form, {"plz": "35037x"}) == [("plz", "pattern")]
    assert _codes(form, {"plz": "35037\n"}) == [("plz", "pattern")]


def test_text_longer_than_ten_thousand_characters_never_reaches_a_pattern() -> None:
    form = _form([{"id": "t", "label": "T", "type": "multiline", "pattern": "(a+)+b"}])
    assert _codes(form, {"t": "a" * 10_001}) == [("t", "too_long")]


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("integer", "12"),
        ("integer", 1.5),
        ("integer", True),
        ("decimal", "3.5"),
        ("currency", 12.5),
        ("currency", "12.345"),
        ("date", "2023-02-30"),
        ("date", "27.03.2024"),
        ("boolean", "ja"),
        ("text", 12),
        ("file", {"name": "a.pdf"}),
    ],
)
def test_answers_of_the_wrong_type_are_refused(kind: str, value: Any) -> None:
    form = _form([{"id": "f", "label": "F", "type": kind}])
    assert [p.code for p in form.validate({"f": value})] == [kind]


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("integer", 12),
        ("integer", 12.0),
        ("decimal", 3.5),
        ("currency", "12.50"),
        ("date", "2024-02-29"),
        ("boolean", False),
        ("text", "x"),
    ],
)
def test_answers_of_the_right_type_are_accepted(kind: str, value: Any) -> None:
    assert _form([{"id": "f", "label": "F", "type": kind}]).validate({"f": value}) == []


def test_numbers_outside_their_bounds_are_refused() -> None:
    form = _form([{"id": "n", "label": "Anzahl", "type": "integer", "minimum": 1, "maximum": 9}])
    assert _codes(form, {"n": 0}) == [("n", "minimum")]
    assert form.validate({"n": 10})[0].message.de == "„Anzahl“ darf höchstens 9 sein"


def test_a_choice_must_be_one_of_the_offered_values() -> None:
    assert _codes(_form([ART]), {"art": "pferd"}) == [("art", "choice")]


def test_unknown_keys_are_refused_at_the_top_and_inside_groups() -> None:
    form = _form([{"id": "g", "label": "G", "children": [{"id": "a", "label": "A"}]}])
    assert _codes(form, {"x": 1, "g": {"a": "1", "y": 2}}) == [("x", "unknown"), ("g.y", "unknown")]


def test_a_static_text_takes_no_answer() -> None:
    form = _form([{"id": "hinweis", "label": "Bitte beachten", "type": "static", "required": True}])
    assert form.validate({}) == []
    assert _codes(form, {"hinweis": "x"}) == [("hinweis", "static")]


REPEATED = {
    "id": "kinder",
    "label": "Kinder",
    "min_items": 1,
    "max_items": 2,
    "children": [
        {"id": "name", "label": "Name", "required": True},
        {"id": "alter", "label": "Alter", "type": "integer"},
        {"id": "schule", "label": "Schule"},
    ],
}


def test_a_repeatable_group_counts_its_entries() -> None:
    form = _form([REPEATED])
    assert _codes(form, {}) == [("kinder", "required_group")]
    assert _codes(form, {"kinder": []}) == [("kinder", "required_group")]
    three = [{"name": "A"}, {"name": "B"}, {"name": "C"}]
    [problem] = form.validate({"kinder": three})
    assert problem.code == "too_many"
    assert problem.message.de == "Geben Sie bei „Kinder“ höchstens 2 Einträge an"


def test_a_repeated_field_counts_its_values() -> None:
    form = _form([{"id": "tel", "label": "Telefon", "min_items": 2, "max_items": 3}])
    assert form.validate({"tel": ["1", "2"]}) == []
    assert _codes(form, {"tel": []}) == [("tel", "required")]
    assert _codes(form, {"tel": ["1"]}) == [("tel", "too_few")]
    assert _codes(form, {"tel": ["1", 2, "3"]}) == [("tel[1]", "text")]
    assert _codes(form, {"tel": "1"}) == [("tel", "list")]


def test_rules_inside_a_repeatable_group_read_the_same_entry_first() -> None:
    form = _form(
        [REPEATED],
        [{"id": "r", "kind": "required", "targets": ["schule"], "expression": "alter >= 6"}],
    )
    answers = {"kinder": [{"name": "A", "alter": 3}, {"name": "B", "alter": 8}]}
    assert _codes(form, answers) == [("kinder[1].schule", "required")]


def test_a_rule_outside_a_repeatable_group_reads_all_its_entries() -> None:
    form = _form(
        [REPEATED, {"id": "hinweis", "label": "Hinweis"}],
        [{"id": "r", "kind": "visible", "targets": ["hinweis"], "expression": "count(alter) > 1"}],
    )
    one = {"kinder": [{"name": "A", "alter": 3}]}
    assert form.state(one).hidden_ids == {"hinweis"}
    two = {"kinder": [{"name": "A", "alter": 3}, {"name": "B", "alter": 5}]}
    assert form.state(two).hidden_ids == frozenset()


def test_an_optional_group_may_be_left_out_but_is_checked_when_given() -> None:
    form = _form([{**REPEATED, "max_items": 1, "min_items": 0}])
    assert form.validate({}) == []
    assert _codes(form, {"kinder": {}}) == [("kinder.name", "required")]


def test_one_page_is_validated_on_its_own() -> None:
    definition = FormDef.model_validate(
        {
            "id": "t",
            "title": "T",
            "pages": [
                {
                    "id": "p1",
                    "title": "1",
                    "elements": [{"id": "a", "label": "A", "required": True}],
                },
                {
                    "id": "p2",
                    "title": "2",
                    "elements": [{"id": "b", "label": "B", "required": True}],
                },
            ],
        }
    )
    form = CompiledForm.build(definition)
    assert _codes(form, {"a": "x"}, page="p1") == []
    assert _codes(form, {"a": "x"}, page="p2") == [("b", "required")]
    assert _codes(form, {"a": "x"}) == [("b", "required")]


def test_an_incremental_update_runs_only_the_rules_that_read_the_change() -> None:
    elements = [ART, {"id": "flag", "label": "Flag", "type": "boolean"}]
    elements += [{"id": f"f{i}", "label": "F"} for i in range(10)] + [{"id": "e", "label": "E"}]
    rules = [
        {
            "id": f"r{i}",
            "kind": "visible",
            "targets": [f"f{i}"],
            "expression": "art == 'hund'" if i < 3 else "flag",
        }
        for i in range(10)
    ]
    rules.append({"id": "chain", "kind": "visible", "targets": ["flag"], "expression": "filled(e)"})
    form = _form(elements, rules)
    state = form.state({"art": "katze", "flag": True, "e": "x"})
    assert state.evaluations == 11
    assert state.update("art", {"art": "hund", "flag": True}).evaluations == 3
    # e hides or shows `flag`, which the other seven rules read
    updated = state.update("e", {"art": "katze", "flag": True})
    assert updated.evaluations == 8
    assert updated.hidden_ids == {f"f{i}" for i in range(10)} | {"flag"}


def test_rules_that_depend_on_each_other_in_a_circle_are_refused() -> None:
    with pytest.raises(FormEngineError, match="im Kreis"):
        _form(
            [
                {"id": "a", "label": "A", "type": "integer"},
                {"id": "b", "label": "B", "type": "integer"},
            ],
            [
                {"id": "x", "kind": "compute", "targets": ["a"], "expression": "b + 1"},
                {"id": "y", "kind": "compute", "targets": ["b"], "expression": "a + 1"},
            ],
        )


def test_a_rule_naming_an_unknown_element_is_refused() -> None:
    with pytest.raises(FormEngineError, match="unbekanntes Element"):
        _form([ART], [{"id": "r", "kind": "visible", "targets": ["art"], "expression": "nix == 1"}])


def test_answers_that_are_not_an_object_are_refused() -> None:
    assert [p.code for p in _form([ART]).validate(["art"])] == ["object"]


def test_a_rule_reading_a_hidden_field_sees_no_answer() -> None:
    form = _form(
        [
            ART,
            {"id": "rasse", "label": "Rasse"},
            {"id": "zuchtbuch", "label": "Zuchtbuchnummer"},
        ],
        [
            {"id": "r1", "kind": "visible", "targets": ["rasse"], "expression": "art == 'hund'"},
            {
                "id": "r2",
                "kind": "required",
                "targets": ["zuchtbuch"],
                "expression": "filled(rasse)",
            },
        ],
    )
    answers = {"art": "katze", "rasse": "Dackel"}
    assert form.state(answers).value("rasse") is None
    assert _codes(form, answers, strict=False) == []
    assert _codes(form, dict(answers, art="hund")) == [("zuchtbuch", "required")]


def test_hiding_a_group_hides_and_drops_everything_in_it() -> None:
    form = _form(
        [ART, {**REPEATED, "min_items": 0}],
        [{"id": "r", "kind": "visible", "targets": ["kinder"], "expression": "art == 'hund'"}],
    )
    answers = {"art": "katze", "kinder": [{"name": "A", "alter": "falsch"}]}
    assert _codes(form, answers) == [("kinder", "hidden")]
    assert form.clean(answers) == ({"art": "katze"}, ["kinder"])
    assert not form.state(answers).visible("name", (("kinder", 0),))


def test_the_engine_knows_whether_a_form_takes_files_even_inside_repeated_groups() -> None:
    assert not _form([ART, {"id": "rasse", "label": "Rasse"}]).takes_files
    photos = {"id": "fotos", "label": "Fotos", "max_items": 3, "children": []}
    photos["children"] = [{"id": "foto", "label": "Foto", "type": "file"}]
    assert _form([ART, photos]).takes_files
