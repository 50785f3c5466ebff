"""Reading the official territory files (Destatis Gemeindeverzeichnis, postcode mapping)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from rathaus.common.csvimport import ImportFailed, RowError, read_rows

MUNICIPALITIES_FILE = "gemeinden_hessen_2020.csv"
COUNTIES_FILE = "kreise_hessen_2020.csv"
POSTCODES_FILE = "plz_ags_hessen.csv"

_AGS = re.compile(r"\d{8}")
_ARS = re.compile(r"\d{12}")
_PLZ = re.compile(r"\d{5}")


@dataclass(frozen=True)
class MunicipalityRow:
    ags: str
    ars: str
    official_name: str
    kind: str
    land_code: str
    land_name: str
    district_code: str
    district_name: str
    county_code: str
    population: int
    area_km2: Decimal
    latitude: Decimal
    longitude: Decimal


@dataclass(frozen=True)
class CountyRow:
    code: str
    official_name: str
    kind: str
    district_code: str
    population: int


@dataclass(frozen=True)
class PostcodeRow:
    code: str
    ags: str
    place_name: str


def territory_dir(directory: Path) -> Path:
    """Accept the data directory itself or its territory/ folder."""
    nested = directory / "territory"
    return nested if nested.is_dir() else directory


class _RowReader:
    """Turns text fields into typed values, collecting one error per bad row."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[RowError] = []

    def fail(self, line: int, reason: str) -> None:
        self.errors.append(RowError(self.path, line, reason))

    def integer(self, value: str, column: str) -> int:
        if not value.isdigit():
            raise ValueError(
                _("%(column)s ist keine ganze Zahl: %(value)r") % {"column": column, "value": value}
            )
        return int(value)

    def decimal(self, value: str, column: str, low: float, high: float) -> Decimal:
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValueError(
                _("%(column)s ist keine Zahl: %(value)r") % {"column": column, "value": value}
            ) from None
        if not (Decimal(str(low)) <= number <= Decimal(str(high))):
            raise ValueError(
                _("%(column)s liegt außerhalb von %(low)s bis %(high)s: %(value)s")
                % {"column": column, "low": low, "high": high, "value": value}
            )
        return number

    def raise_if_failed(self) -> None:
        if self.errors:
            raise ImportFailed(self.errors)


def read_municipalities(path: Path) -> list[MunicipalityRow]:
    """Every municipality row, validated; raises ImportFailed listing every bad row."""
    required = [
        "ags",
        "ars",
        "name",
        "typ",
        "land_code",
        "land",
        "regierungsbezirk_code",
        "regierungsbezirk",
        "kreis_code",
        "flaeche_km2",
        "einwohner",
        "laengengrad",
        "breitengrad",
    ]
    reader = _RowReader(path)
    rows: list[MunicipalityRow] = []
    for line, raw in read_rows(path, required):
        try:
            rows.append(_municipality(reader, raw))
        except ValueError as error:
            reader.fail(line, str(error))
    reader.raise_if_failed()
    return rows


def _municipality(reader: _RowReader, raw: dict[str, str]) -> MunicipalityRow:
    ags, ars = raw["ags"], raw["ars"]
    if not _AGS.fullmatch(ags):
        raise ValueError(_("AGS muss 8 Ziffern haben: %(value)r") % {"value": ags})
    if not _ARS.fullmatch(ars) or ars[:5] != ags[:5] or ars[-3:] != ags[-3:]:
        raise ValueError(_("ARS %(ars)r passt nicht zum AGS %(ags)s") % {"ars": ars, "ags": ags})
    if raw["kreis_code"] != ags[:5] or raw["regierungsbezirk_code"] != ags[:3]:
        raise ValueError(
            _("Kreis- oder Bezirksschlüssel passt nicht zum AGS %(ags)s") % {"ags": ags}
        )
    if not raw["name"] or len(raw["name"]) > 200 or len(raw["typ"]) > 60:
        raise ValueError(_("Name fehlt oder ist länger als 200 Zeichen"))
    return MunicipalityRow(
        ags=ags,
        ars=ars,
        official_name=raw["name"],
        kind=raw["typ"],
        land_code=raw["land_code"],
        land_name=raw["land"],
        district_code=raw["regierungsbezirk_code"],
        district_name=raw["regierungsbezirk"],
        county_code=raw["kreis_code"],
        population=reader.integer(raw["einwohner"] or "0", "einwohner"),
        area_km2=reader.decimal(raw["flaeche_km2"], "flaeche_km2", 0, 100000),
        latitude=reader.decimal(raw["breitengrad"], "breitengrad", -90, 90),
        longitude=reader.decimal(raw["laengengrad"], "laengengrad", -180, 180),
    )


def read_counties(path: Path) -> dict[str, CountyRow]:
    """Kreise and kreisfreie Städte by their five-digit key."""
    required = ["kreis_code", "kreis", "kreis_typ", "regierungsbezirk_code", "einwohner"]
    reader = _RowReader(path)
    counties: dict[str, CountyRow] = {}
    for line, raw in read_rows(path, required):
        code = raw["kreis_code"]
        try:
            if not re.fullmatch(r"\d{5}", code):
                raise ValueError(
                    _("Kreisschlüssel muss 5 Ziffern haben: %(value)r") % {"value": code}
                )
            if code in counties:
                raise ValueError(_("Kreisschlüssel %(value)s kommt doppelt vor") % {"value": code})
            counties[code] = CountyRow(
                code=code,
                official_name=raw["kreis"],
                kind=raw["kreis_typ"],
                district_code=raw["regierungsbezirk_code"],
                population=reader.integer(raw["einwohner"], "einwohner"),
            )
        except ValueError as error:
            reader.fail(line, str(error))
    reader.raise_if_failed()
    return counties


def read_postcodes(path: Path, known_ags: set[str]) -> list[PostcodeRow]:
    """Postcode ↔ AGS pairs; every AGS must be a municipality of this import."""
    reader = _RowReader(path)
    rows: list[PostcodeRow] = []
    for line, raw in read_rows(path, ["ags", "plz", "ort"]):
        if not _PLZ.fullmatch(raw["plz"]):
            reader.fail(
                line, _("Postleitzahl muss 5 Ziffern haben: %(value)r") % {"value": raw["plz"]}
            )
        elif raw["ags"] not in known_ags:
            reader.fail(line, _("unbekannter AGS %(value)r") % {"value": raw["ags"]})
        else:
            rows.append(PostcodeRow(code=raw["plz"], ags=raw["ags"], place_name=raw["ort"]))
    reader.raise_if_failed()
    return rows
