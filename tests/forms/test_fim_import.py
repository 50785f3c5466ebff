"""FIM import of the real schemas: what imports, what is kept, what the report says."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from rathaus.forms.definition import (
    DataType,
    FieldDef,
    GroupDef,
    RuleKind,
    iter_elements,
    unresolved_codelists,
)
from rathaus.forms.expressions import compile_expression
from rathaus.forms.fim import FimImport, FimImportError, fim_import

FIM = Path(settings.RATHAUS_DATA_DIR) / "fim"
REAL = sorted(p for p in FIM.glob("real/*/S*.xml*") if "xdf1" not in p.name)
LIBRARY = FIM / "codelists"


def _import(path: Path) -> FimImport:
    return fim_import(path.read_bytes(), filename=str(path), codelist_dirs=[LIBRARY])


def _schema(schema_id: str) -> Path:
    return next((FIM / "real" / schema_id).glob("S*.xml*"))


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.parent.name)
def test_every_real_schema_imports_with_checked_rules(path: Path) -> None:
    result = _import(path)
    form = result.form
    assert form.fim is not None and form.fim.id == path.parent.name
    assert form.source == ("xdf3" if ".xdf3." in path.name else "xdf2")
    known = frozenset(element.id for element in iter_elements(form))
    assert known, "imports at least one element"
    for rule in form.rules:
        if rule.kind != RuleKind.DOCUMENTATION:
            compile_expression(rule.expression, known=known)
    documented = [r for r in form.rules if r.kind == RuleKind.DOCUMENTATION]
    assert len(documented) == len(result.report.documentation_rules)
    missing = unresolved_codelists(form)
    assert bool(missing) == bool(result.report.missing_codelists)


def test_the_xdf1_waffenbesitzkarte_is_refused_naming_the_version() -> None:
    with pytest.raises(FimImportError) as refused:
        _import(_schema("S00000036"))
    assert "XDatenfelder 1" in refused.value.problems[0]
    assert "urn:xoev-de:fim:standard:xdatenfelder_1" in refused.value.problems[0]


def test_blaue_karte_keeps_fim_ids_versions_and_structure() -> None:
    result = _import(_schema("S00000121"))
    form, report = result.form, result.report
    elements = iter_elements(form)
    assert sum(isinstance(e, FieldDef) for e in elements) == 88
    assert sum(isinstance(e, GroupDef) for e in elements) == 29
    assert (report.xsd_version, report.schema_id, report.schema_version) == (
        "2.0",
        "S00000121",
        "1.0",
    )
    assert (
        form.id == "S00000121"
        and form.fim is not None
        and form.fim.legal_basis == ("§ 19a AufenthG",)
    )
    title = next(e for e in elements if e.id == "F00000043")
    assert title.fim is not None and (title.fim.id, title.fim.version) == ("F00000043", "1.0")
    assert title.label.de == "Titel" and title.help is not None
    assert isinstance(title, FieldDef) and not title.required and title.min_items == 0
    family = next(e for e in elements if e.id == "F00000013")
    assert isinstance(family, FieldDef) and family.required and family.autocomplete == "family-name"
    lines = next(e for e in elements if e.id == "F00000087")
    assert isinstance(lines, FieldDef) and (lines.min_items, lines.max_items) == (2, 5)
    assert [page.id for page in form.pages][:2] == ["P1", "P2"]
    # Anschriftzone G00000245 is used twice: the second occurrence gets its own id
    assert {e.id for e in elements} >= {"G00000245", "G00000245_2"}
    assert any("G00000245_2" in warning for warning in report.warnings)


def test_blaue_karte_reports_its_lists_that_are_in_no_folder() -> None:
    report = _import(_schema("S00000121")).report
    assert any(
        m.startswith("urn:xpersonenstand:schluesseltabelle:geschlecht Version 2")
        for m in report.missing_codelists
    )
    # the library holds Staat 2023-02-24 only; 2017-01-01 is asked for, and named
    staat = next(m for m in report.missing_codelists if ":schluessel:staat Version" in m)
    assert "2017-01-01" in staat and "vorhanden: Version 2023-02-24" in staat


def test_a_code_list_is_resolved_from_the_schema_folder() -> None:
    form = _import(_schema("S00000094")).form
    status = [
        e
        for e in iter_elements(form)
        if isinstance(e, FieldDef)
        and e.codelist is not None
        and e.codelist.uri == "urn:de:fim:codeliste:statusfrauschwangerstillend"
    ]
    assert status and status[0].codelist is not None and status[0].codelist.resolved
    assert [(c.value, c.label.de) for c in status[0].choices] == [
        ("001", "ist schwanger"),
        ("002", "hat geboren / ist stillend"),
    ]


def test_a_code_list_is_resolved_from_the_library_folder() -> None:
    form = _import(_schema("S00000000374")).form
    staat = next(e for e in iter_elements(form) if e.id == "F60000000235")
    assert isinstance(staat, FieldDef) and staat.type == DataType.SELECT
    assert staat.codelist is not None and staat.codelist.resolved
    assert ("000", "Deutschland") in [(c.value, c.label.de) for c in staat.choices]


def test_without_the_library_the_list_is_missing_and_blocks_publishing() -> None:
    path = _schema("S00000000374")
    result = fim_import(path.read_bytes(), filename=str(path))
    staat = next(e for e in unresolved_codelists(result.form) if e.id == "F60000000235")
    assert staat.codelist is not None and not staat.codelist.resolved and not staat.choices
    assert any(
        "schluessel:staat Version 2023-02-24 – Felder" in m for m in result.report.missing_codelists
    )


def test_gewerbeanmeldung_imports_with_its_missing_code_lists_reported() -> None:
    result = _import(_schema("S00000009"))
    fields = [e for e in iter_elements(result.form) if isinstance(e, FieldDef)]
    assert len(fields) == 132
    assert len(result.report.missing_codelists) == 9
    assert any(
        "xgewerbeanzeige:codeliste:rechtsformen Version 3" in m
        for m in result.report.missing_codelists
    )
    assert {f.id for f in unresolved_codelists(result.form)}


def test_xdf3_rules_become_visible_rules_on_the_named_elements() -> None:
    form = _import(_schema("S00000000374")).form
    rules = {rule.id: rule for rule in form.rules}
    shown = rules["R00000002590"]
    assert shown.kind == RuleKind.VISIBLE and shown.targets == ("F00000001054",)
    assert shown.expression == 'F00000003381 == "001"'
    assert shown.fim is not None and shown.fim.version == "1.0.0" and shown.text.startswith("WENN")
    hidden = rules["R00000002590_2"]
    assert hidden.kind == RuleKind.VISIBLE and "G00000002132" in hidden.targets
    assert hidden.expression == 'not (F00000003381 == "001")'


def test_unreadable_rules_are_kept_as_text_and_listed() -> None:
    result = _import(_schema("S00000186"))
    kept = [r for r in result.form.rules if r.kind == RuleKind.DOCUMENTATION]
    assert kept and all(rule.text or rule.fim for rule in kept)
    assert result.report.documentation_rules[0].startswith("R")


def test_string_latin_breaches_are_warnings_not_refusals() -> None:
    report = _import(_schema("S00000094")).report
    latin = [w for w in report.warnings if "String.Latin" in w]
    assert len(latin) == 8 and latin[0].startswith("Zeile 299")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("format_examples_v2/data-field-rule.xml", "regel"),
        ("format_examples_v2/duplicate-optional-value.xml", "beschreibung"),
        ("format_examples_v2/duplicate-required-value.xml", "name"),
        ("format_examples_v2/minimal.xml", "freigabedatum"),
        ("format_examples_v2/select.xml", "codelisteReferenz"),
        ("format_examples_v2/simple.xml", "gueltigAb"),
        ("format_examples_v2/unknown-namespace.xml", "xdatenfelder_unknown"),
        ("format_examples_v3/duplicate-id-node.xml", "}id"),
        ("format_examples_v3/empty-id-node.xml", "Missing child"),
        ("format_examples_v3/input.xml", "codelisteReferenz"),
        ("format_examples_v3/invalid-freigabestatus.xml", "Missing child"),
        ("format_examples_v3/missing-id-node.xml", "}version"),
        ("format_examples_v3/simple.xml", "gueltigAb"),
        ("format_examples_v3/unexpected-node.xml", "unknown"),
        ("format_examples_v3/unknown-namespace.xml", "xdatenfelder_unknown"),
    ],
)
def test_malformed_format_examples_are_refused_naming_the_problem(name: str, problem: str) -> None:
    path = FIM / name
    with pytest.raises(FimImportError) as refused:
        fim_import(path.read_bytes(), filename=path.name)
    assert any(problem in line for line in refused.value.problems), refused.value.problems


@pytest.mark.parametrize("name", ["data-group-rule.xml", "label.xml", "rule.xml"])
def test_format_examples_the_xsd_accepts_import(name: str) -> None:
    path = FIM / "format_examples_v2" / name
    assert fim_import(path.read_bytes(), filename=path.name).form.pages


def test_a_datenfeldgruppe_message_is_refused_as_not_a_stammdatenschema() -> None:
    path = FIM / "format_examples_v3" / "input.xml"
    with pytest.raises(FimImportError) as refused:
        fim_import(path.read_bytes(), filename=path.name)
    assert (
        "xdatenfelder.datenfeldgruppe.0103 ist kein Stammdatenschema" in refused.value.problems[0]
    )
