"""The catalogue import: every LeiKa row, flagged where the key is invalid, idempotent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rathaus.catalog import sources
from rathaus.catalog.models import LifeSituation, OzgService, Service, Topic
from rathaus.catalog.services import catalog_import
from rathaus.common.csvimport import ImportFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog_copy(tmp_path: Path, data_dir: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(data_dir / "catalog", target)
    return target


def _counts() -> tuple[int, int, int, int]:
    return (
        Service.objects.count(),
        OzgService.objects.count(),
        LifeSituation.objects.count(),
        Topic.objects.count(),
    )


def test_it_loads_every_service_with_its_ozg_grouping() -> None:
    assert Service.objects.exclude(leika_key=None).count() == 4797
    assert OzgService.objects.count() == 557
    assert Topic.objects.count() == 14
    passport = Service.objects.select_related("ozg_service__life_situation__topic").get(
        leika_key="99085001012000"
    )
    assert passport.name == "Reisepass Ausstellung"
    assert passport.typisierung == "2/3"
    assert passport.ozg_service is not None
    assert passport.ozg_service.life_situation.topic.name


def test_a_service_keeps_its_legal_basis_and_law() -> None:
    service = Service.objects.get(leika_key="99046029001000")
    assert "§ 882g" in service.legal_basis
    assert service.law_abbreviation == "ZPO"


def test_rows_without_a_valid_key_are_kept_and_flagged() -> None:
    flagged = Service.objects.filter(leika_key=None)
    assert flagged.count() == 427
    assert all("kein gültiger Leistungsschlüssel" in s.flag for s in flagged)
    junk = Service.objects.get(source_key="3233")
    assert "unbekannte Typisierung „44“" in junk.flag
    assert (
        not Service.objects.filter(leika_key__isnull=False)
        .exclude(flag="")
        .exclude(flag__contains="Typisierung")
        .exists()
    )


def test_lebenslagen_without_services_such_as_test_rows_are_not_imported() -> None:
    assert not LifeSituation.objects.filter(name__startswith="aaa").exists()


def test_a_second_run_changes_nothing_and_says_so(data_dir: Path) -> None:
    before = _counts()
    report = catalog_import(directory=data_dir)
    assert not report.changed
    assert any("Keine Änderungen" in line for line in report.summary())
    assert _counts() == before


def test_a_renamed_service_is_updated_in_place(catalog_copy: Path) -> None:
    path = catalog_copy / sources.LEIKA_FILE
    text = path.read_text(encoding="utf-8").replace(
        "99085001012000,Reisepass Ausstellung,", "99085001012000,Reisepass Ausstellung neu,", 1
    )
    path.write_text(text, encoding="utf-8")
    report = catalog_import(directory=catalog_copy.parent)
    assert report.updated == {"Leistungen": 1}
    assert Service.objects.get(leika_key="99085001012000").name == "Reisepass Ausstellung neu"


def test_a_service_of_an_unknown_ozg_service_is_refused_and_nothing_changes(
    catalog_copy: Path,
) -> None:
    path = catalog_copy / sources.LEIKA_FILE
    with path.open("a", encoding="utf-8") as handle:
        handle.write("99999999999999,Neue Leistung,3,,,,77777,X,Y,Z\n")
    before = _counts()
    with pytest.raises(
        ImportFailed,
        match=r"leika_leistungen_mapping.csv, Zeile \d+: "
        r"unbekannte OZG-ID '77777'",
    ):
        catalog_import(directory=catalog_copy.parent)
    assert _counts() == before
    assert not Service.objects.filter(leika_key="99999999999999").exists()


def test_a_row_without_a_name_is_refused(catalog_copy: Path) -> None:
    path = catalog_copy / sources.LEIKA_FILE
    with path.open("a", encoding="utf-8") as handle:
        handle.write("99999999999999,,3,,,,10068,X,Y,Z\n")
    with pytest.raises(ImportFailed, match="Name der Leistung fehlt"):
        catalog_import(directory=catalog_copy.parent)


def test_an_unterminated_quote_is_reported_not_crashed(catalog_copy: Path) -> None:
    path = catalog_copy / sources.OZG_FILE
    with path.open("a", encoding="utf-8") as handle:
        handle.write('10999,"Offenes Feld,Lebenslage,Themenfeld,1\n')
    with pytest.raises(ImportFailed, match=r"ozg_leistungen_catalog\.csv"):
        catalog_import(directory=catalog_copy.parent)


def test_an_overlong_name_is_refused_with_its_line_not_a_database_error(
    catalog_copy: Path,
) -> None:
    path = catalog_copy / sources.LEIKA_FILE
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"99999999999999,{'Lang' * 200},3,,,,10068,X,Y,Z\n")
    with pytest.raises(ImportFailed, match="leika_leistung ist länger als 500 Zeichen"):
        catalog_import(directory=catalog_copy.parent)
