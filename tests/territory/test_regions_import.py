"""The region import: the whole map, idempotent, and all-or-nothing on bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rathaus.common.csvimport import ImportFailed
from rathaus.common.upsert import Upserter
from rathaus.territory import sources
from rathaus.territory.models import Postcode, Region, RegionLevel
from rathaus.territory.services import regions_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory_copy(tmp_path: Path, data_dir: Path) -> Path:
    """A writable copy of the territory files, for corrupting."""
    target = tmp_path / "territory"
    shutil.copytree(
        data_dir / "territory", target, ignore=shutil.ignore_patterns("*deutschland*", "zuordnung*")
    )
    return target


def _replace_line(path: Path, number: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _snapshot() -> tuple[int, int, list[tuple[str, int | None]]]:
    populations = list(Region.objects.order_by("ars").values_list("ars", "population"))
    return Region.objects.count(), Postcode.objects.count(), populations


def test_it_loads_every_level_of_hessen() -> None:
    counts = {level: Region.objects.filter(level=level).count() for level in RegionLevel}
    assert counts == {
        RegionLevel.LAND: 1,
        RegionLevel.REGIERUNGSBEZIRK: 3,
        RegionLevel.KREIS: 26,
        RegionLevel.GEMEINDE: 426,
    }
    assert Region.objects.filter(level=RegionLevel.GEMEINDE, is_unincorporated=False).count() == 422
    land = Region.objects.get(level=RegionLevel.LAND)
    assert land.name == "Hessen"
    assert land.population == 6_288_080


def test_each_municipality_keeps_its_keys_figures_and_place_in_the_hierarchy() -> None:
    kassel = Region.objects.get(ags="06611000")
    assert kassel.ars == "066110000000"
    assert kassel.name == "Kassel"
    assert kassel.official_name == "Kassel, documenta-Stadt"
    assert kassel.population == 202_137
    assert kassel.latitude is not None and kassel.longitude is not None
    assert [r.name for r in (kassel.parent, kassel.parent.parent)] == [  # type: ignore[union-attr]
        "Kassel",
        "Regierungsbezirk Kassel",
    ]
    assert Region.objects.get(ars="06633").name == "Landkreis Kassel"


def test_a_postcode_can_span_several_municipalities_and_a_municipality_have_several() -> None:
    shared = Postcode.objects.filter(code="34233").values_list("municipality__name", flat=True)
    assert sorted(shared) == ["Fuldatal", "Kassel"]
    assert Postcode.objects.filter(municipality__ags="06611000").count() > 5


def test_a_second_run_changes_nothing_and_says_so(data_dir: Path) -> None:
    before = _snapshot()
    report = regions_import(directory=data_dir)
    assert not report.changed
    assert any("Keine Änderungen" in line for line in report.summary())
    assert _snapshot() == before


def test_a_changed_figure_is_updated_and_counted(territory_copy: Path) -> None:
    path = territory_copy / sources.MUNICIPALITIES_FILE
    text = path.read_text(encoding="utf-8").replace(",202137,", ",202140,", 1)
    path.write_text(text, encoding="utf-8")
    report = regions_import(directory=territory_copy.parent)
    # the municipality, and the totals of its Regierungsbezirk and of the Land
    assert report.updated == {"Gebiete": 3}
    assert Region.objects.get(ags="06611000").population == 202_140
    assert Region.objects.get(level=RegionLevel.LAND).population == 6_288_083


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            '0641X000,064110000000,"Darmstadt",61,Kreisfreie Stadt,06,Hessen,064,R,06411,D,K,'
            "064110000,D,122.07,159878,1,1,1,64283,8.65,49.87,I,R,01,d",
            "AGS muss 8 Ziffern haben",
        ),
        (
            '06411000,064110000000,"Darmstadt",61,Kreisfreie Stadt,06,Hessen,064,R,06411,D,K,'
            "064110000,D,122.07,viele,1,1,1,64283,8.65,49.87,I,R,01,d",
            "einwohner ist keine ganze",
        ),
        (
            '06411000,064110000000,"Darmstadt",61,Kreisfreie Stadt,06,Hessen,064,R,06411,D,K,'
            "064110000,D,122.07,159878,1,1,1,64283,8.65,149.87,I,R,01,d",
            "breitengrad liegt",
        ),
        ("06411000,064110000000", "falsche Anzahl von Feldern"),
    ],
)
def test_a_bad_row_is_named_by_file_line_and_reason_and_nothing_changes(
    territory_copy: Path, line: str, reason: str
) -> None:
    _replace_line(territory_copy / sources.MUNICIPALITIES_FILE, 2, line)
    before = _snapshot()
    with pytest.raises(ImportFailed) as failure:
        regions_import(directory=territory_copy.parent)
    assert f"{sources.MUNICIPALITIES_FILE}, Zeile 2: {reason}" in str(failure.value)
    assert _snapshot() == before


def test_a_postcode_for_an_unknown_municipality_is_refused(territory_copy: Path) -> None:
    _replace_line(territory_copy / sources.POSTCODES_FILE, 3, "1,09999999,Nirgendwo,12345,,X")
    with pytest.raises(ImportFailed, match=r"plz_ags_hessen\.csv, Zeile 3: unbekannter AGS"):
        regions_import(directory=territory_copy.parent)


def test_a_missing_column_is_named(territory_copy: Path) -> None:
    path = territory_copy / sources.COUNTIES_FILE
    text = path.read_text(encoding="utf-8").replace("einwohner", "bewohner", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed, match="Spalten fehlen: einwohner"):
        regions_import(directory=territory_copy.parent)


def test_a_file_that_is_not_utf8_text_is_refused(territory_copy: Path) -> None:
    (territory_copy / sources.POSTCODES_FILE).write_bytes(b"ags,plz,ort\n\xff\xfe\x00\x81garbage")
    with pytest.raises(ImportFailed, match="keine UTF-8-Datei"):
        regions_import(directory=territory_copy.parent)


def test_a_missing_file_is_named(territory_copy: Path) -> None:
    (territory_copy / sources.COUNTIES_FILE).unlink()
    with pytest.raises(ImportFailed, match=r"Datei fehlt: .*kreise_hessen_2020\.csv"):
        regions_import(directory=territory_copy.parent)


def test_a_crash_half_way_leaves_no_half_import(
    territory_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = territory_copy / sources.MUNICIPALITIES_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(",202137,", ",1,"), encoding="utf-8")
    before = _snapshot()
    original = Upserter.flush
    calls = {"n": 0}

    def failing_flush(self: Upserter[Region]) -> None:
        calls["n"] += 1
        original(self)
        if calls["n"] == 4:  # after the municipalities are written, before the postcodes
            raise RuntimeError("power cut")

    monkeypatch.setattr(Upserter, "flush", failing_flush)
    with pytest.raises(RuntimeError):
        regions_import(directory=territory_copy.parent)
    assert _snapshot() == before
