"""Writes to the map of regions."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from rathaus.common.csvimport import ImportReport
from rathaus.common.upsert import Progress, Upserter, no_progress
from rathaus.territory import sources
from rathaus.territory.models import Postcode, Region, RegionLevel


def display_name(official: str) -> str:
    """'Frankfurt am Main, Stadt' → 'Frankfurt am Main'; the suffix stays in official_name."""
    return official.split(",")[0].strip()


def county_display_name(official: str, kind: str) -> str:
    """Landkreise carry their kind in the name so 'Landkreis Kassel' differs from Kassel."""
    name = display_name(official)
    if kind == "Landkreis" and "kreis" not in name.lower():
        return f"Landkreis {name}"
    return name


def district_display_name(official: str) -> str:
    """'Reg.-Bez. Darmstadt' → 'Regierungsbezirk Darmstadt'."""
    return official.replace("Reg.-Bez.", "Regierungsbezirk").strip()


class _Slugs:
    """Unique, stable slugs: the plain name first, the key appended on a clash."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, name: str, key: str) -> str:
        slug = slugify(name) or key
        if slug in self.used:
            slug = f"{slug}-{key}"
        self.used.add(slug)
        return slug


def regions_import(*, directory: Path, progress: Progress = no_progress) -> ImportReport:
    """Load Land, Regierungsbezirke, Kreise, Gemeinden and postcodes in one transaction."""
    folder = sources.territory_dir(directory)
    municipalities = sources.read_municipalities(folder / sources.MUNICIPALITIES_FILE)
    counties = sources.read_counties(folder / sources.COUNTIES_FILE)
    postcodes = sources.read_postcodes(
        folder / sources.POSTCODES_FILE, {row.ags for row in municipalities}
    )
    report = ImportReport()
    with transaction.atomic():
        regions = Upserter(Region, key=lambda r: r.ars, label="Gebiete", report=report)
        slugs = _Slugs()
        districts = _upper_levels(regions, slugs, municipalities)
        county_regions = _counties(regions, slugs, counties, districts, municipalities)
        by_ags = _municipalities(regions, slugs, municipalities, county_regions, progress)
        _postcodes(report, postcodes, by_ags, progress)
        report.notes.extend(
            f"Nicht mehr in der Quelle (bleibt erhalten): {region.name} ({region.ars})"
            for region in regions.stale()
        )
    return report


def _upper_levels(
    regions: Upserter[Region], slugs: _Slugs, rows: list[sources.MunicipalityRow]
) -> dict[str, Region]:
    first = rows[0]
    land = regions.apply(
        first.land_code,
        _values(
            RegionLevel.LAND,
            first.land_code,
            first.land_name,
            first.land_name,
            "Land",
            None,
            slugs.make(first.land_name, first.land_code),
            population=sum(row.population for row in rows),
            area=sum((row.area_km2 for row in rows), Decimal(0)),
        ),
    )
    regions.flush()
    districts: dict[str, Region] = {}
    for row in rows:
        if row.district_code in districts:
            continue
        members = [r for r in rows if r.district_code == row.district_code]
        name = district_display_name(row.district_name)
        districts[row.district_code] = regions.apply(
            row.district_code,
            _values(
                RegionLevel.REGIERUNGSBEZIRK,
                row.district_code,
                name,
                row.district_name,
                "Regierungsbezirk",
                land,
                slugs.make(name, row.district_code),
                population=sum(m.population for m in members),
                area=sum((m.area_km2 for m in members), Decimal(0)),
            ),
        )
    regions.flush()
    return districts


def _counties(
    regions: Upserter[Region],
    slugs: _Slugs,
    counties: dict[str, sources.CountyRow],
    districts: dict[str, Region],
    rows: list[sources.MunicipalityRow],
) -> dict[str, Region]:
    result: dict[str, Region] = {}
    for code, county in sorted(counties.items()):
        members = [r for r in rows if r.county_code == code]
        name = county_display_name(county.official_name, county.kind)
        result[code] = regions.apply(
            code,
            _values(
                RegionLevel.KREIS,
                code,
                name,
                county.official_name,
                county.kind,
                districts[county.district_code],
                slugs.make(name, code),
                population=county.population,
                area=sum((m.area_km2 for m in members), Decimal(0)),
            ),
        )
    regions.flush()
    return result


def _municipalities(
    regions: Upserter[Region],
    slugs: _Slugs,
    rows: list[sources.MunicipalityRow],
    counties: dict[str, Region],
    progress: Progress,
) -> dict[str, Region]:
    by_ags: dict[str, Region] = {}
    for row in progress(rows, "Gemeinden", len(rows)):
        name = display_name(row.official_name)
        values = _values(
            RegionLevel.GEMEINDE,
            row.ars,
            name,
            row.official_name,
            row.kind,
            counties[row.county_code],
            slugs.make(name, row.ags),
            population=row.population,
            area=row.area_km2,
        )
        values.update(
            ags=row.ags,
            latitude=row.latitude,
            longitude=row.longitude,
            is_unincorporated=row.kind.startswith("gemeindefrei"),
        )
        by_ags[row.ags] = regions.apply(row.ars, values)
    regions.flush()
    return by_ags


def _values(
    level: int,
    ars: str,
    name: str,
    official: str,
    kind: str,
    parent: Region | None,
    slug: str,
    *,
    population: int,
    area: Decimal,
) -> dict[str, object]:
    return {
        "level": level,
        "ars": ars,
        "name": name,
        "official_name": official,
        "kind": kind,
        "parent_id": parent.pk if parent else None,
        "slug": slug,
        "population": population,
        "area_km2": area,
    }


def _postcodes(
    report: ImportReport,
    rows: list[sources.PostcodeRow],
    by_ags: dict[str, Region],
    progress: Progress,
) -> None:
    pairs = Upserter(
        Postcode, key=lambda p: (p.code, p.municipality_id), label="Postleitzahlen", report=report
    )
    for row in progress(rows, "Postleitzahlen", len(rows)):
        municipality = by_ags[row.ags]
        pairs.apply(
            (row.code, municipality.pk),
            {"code": row.code, "municipality_id": municipality.pk, "place_name": row.place_name},
        )
    pairs.flush()
    stale = pairs.stale()
    if stale:
        Postcode.objects.filter(pk__in=[p.pk for p in stale]).delete()
        report.count(report.deleted, "Postleitzahlen", len(stale))
