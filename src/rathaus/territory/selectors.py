"""Reads of the map: places by postcode, key or name, and a region's ancestors."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from rathaus.common.process_cache import ProcessCache
from rathaus.common.text import fold
from rathaus.territory.models import Region, RegionLevel

_PLZ = re.compile(r"\d{5}")
_AGS = re.compile(r"\d{8}")
MAX_PLACE_QUERY = 100
# the 421 municipalities with their Kreis, Bezirk and Land, by key (common/process_cache.py)
_MUNICIPALITIES: ProcessCache[Region | None] = ProcessCache("territory.Region", maxsize=1024)


def municipalities() -> QuerySet[Region]:
    """All inhabited municipalities, by name."""
    return Region.objects.filter(level=RegionLevel.GEMEINDE, is_unincorporated=False)


def municipality_by_ags(*, ags: str) -> Region | None:
    """The municipality with this Amtlicher Gemeindeschlüssel, or None."""
    if not _AGS.fullmatch(ags):
        return None
    return _MUNICIPALITIES.get(ags, lambda: _municipality(ags))


def _municipality(ags: str) -> Region | None:
    # by the key alone (its index), the level checked here: SQLite's planner would otherwise
    # walk every municipality through the level index
    found = Region.objects.select_related("parent__parent__parent").filter(ags=ags).order_by()
    return next(
        (r for r in found if r.level == RegionLevel.GEMEINDE and not r.is_unincorporated), None
    )


def municipalities_for_place(*, query: str) -> list[Region]:
    """Municipalities matching a postcode, an AGS or a (partial) name; several for shared PLZ."""
    text = query.strip()[:MAX_PLACE_QUERY]
    if not text:
        return []
    postcode = text.split()[0]
    if _PLZ.fullmatch(postcode):
        return list(municipalities().filter(postcodes__code=postcode).distinct().order_by("name"))
    if _AGS.fullmatch(text):
        found = municipality_by_ags(ags=text)
        return [found] if found else []
    return _by_name(text)


def _by_name(text: str) -> list[Region]:
    wanted = fold(text)
    candidates = list(municipalities().only("id", "name", "ags", "slug"))
    exact = [region for region in candidates if fold(region.name) == wanted]
    if exact:
        return exact
    starting = [region for region in candidates if fold(region.name).startswith(wanted)]
    if starting:
        return sorted(starting, key=lambda region: region.name)[:20]
    return sorted(
        (region for region in candidates if wanted in fold(region.name)),
        key=lambda region: region.name,
    )[:20]


def region_chain(*, region: Region) -> list[Region]:
    """The region and its ancestors up to the Land, nearest first (one query).

    The ancestors' keys are prefixes of the region's ARS: Land 2, Regierungsbezirk 3 and
    Kreis 5 digits.
    """
    prefixes = [region.ars[:length] for length in (5, 3, 2) if length < len(region.ars)]
    loaded = _loaded_parents(region)  # a region read with its parents needs no query
    if [r.ars for r in loaded] == prefixes:
        return [region, *loaded]
    ancestors = {r.ars: r for r in Region.objects.filter(ars__in=prefixes)}
    return [region, *(ancestors[key] for key in prefixes if key in ancestors)]


def _loaded_parents(region: Region) -> list[Region]:
    """The parents already fetched with the region (select_related), nearest first."""
    found: list[Region] = []
    current = region
    while current.parent_id is not None and Region.parent.is_cached(current):
        parent = current.parent
        if parent is None:
            break
        found.append(parent)
        current = parent
    return found


def counties_with_municipalities() -> list[Region]:
    """Kreise and kreisfreie Städte, each with its municipalities in `listed`."""
    counties = list(Region.objects.filter(level=RegionLevel.KREIS).order_by("name"))
    by_parent: dict[int, list[Region]] = {}
    for region in municipalities().only("id", "name", "ags", "parent_id").order_by("name"):
        by_parent.setdefault(region.parent_id or 0, []).append(region)
    for county in counties:
        county.listed = by_parent.get(county.pk, [])  # type: ignore[attr-defined]
    return counties
