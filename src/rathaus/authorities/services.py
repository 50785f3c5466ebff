"""Writes to the register of authorities."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from rathaus.authorities.models import Authority, AuthorityKind
from rathaus.common.csvimport import ImportReport
from rathaus.common.upsert import Upserter
from rathaus.territory.models import Region, RegionLevel

# The Land's ministries and the Themenfelder (OZG topic areas) each is the lead for.
HESSEN_MINISTRIES: list[tuple[str, str, str]] = [
    (
        "HMdI",
        "Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz",
        "Recht & Ordnung;Querschnitt;Ein- & Auswanderung",
    ),
    ("HMdF", "Hessisches Ministerium der Finanzen", "Steuern & Zoll"),
    ("HMdJ", "Hessisches Ministerium der Justiz und für den Rechtsstaat", ""),
    ("HKM", "Hessisches Ministerium für Kultus, Bildung und Chancen", "Bildung"),
    (
        "HMWK",
        "Hessisches Ministerium für Wissenschaft und Forschung, Kunst und Kultur",
        "Forschung & Förderung",
    ),
    (
        "HMWVW",
        "Hessisches Ministerium für Wirtschaft, Energie, Verkehr, Wohnen und ländlichen Raum",
        "Unternehmensführung & -entwicklung;Mobilität & Reisen;Bauen & Wohnen",
    ),
    (
        "HMLU",
        "Hessisches Ministerium für Landwirtschaft und Umwelt, Weinbau, Forsten, Jagd und Heimat",
        "Umwelt;Engagement & Hobby",
    ),
    (
        "HMAIJS",
        "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales",
        "Arbeit & Ruhestand",
    ),
    (
        "HMFG",
        "Hessisches Ministerium für Familie, Senioren, Sport, Gesundheit und Pflege",
        "Familie & Kind;Gesundheit",
    ),
    ("HMDI", "Hessisches Ministerium für Digitalisierung und Innovation", ""),
]

FEDERAL_AUTHORITY = ("Bund", "Zuständige Bundesbehörde")


def _municipal_kind(region: Region) -> str:
    return (
        AuthorityKind.STADTVERWALTUNG
        if region.kind.startswith("Stadt")
        else AuthorityKind.GEMEINDEVERWALTUNG
    )


def _municipal_name(region: Region) -> str:
    prefix = "Stadtverwaltung" if region.kind.startswith("Stadt") else "Gemeindeverwaltung"
    return f"{prefix} {region.name}"


def authorities_generate() -> ImportReport:
    """Create one authority per municipality, Kreis, Regierungsbezirk, the ministries and Bund."""
    report = ImportReport()
    with transaction.atomic():
        upserter = Upserter(Authority, key=lambda a: a.slug, label="Behörden", report=report)
        regions = Region.objects.select_related("parent").order_by("level", "ars")
        for region in regions:
            for described in _authorities_for(region):
                slug = slugify(described["name"])[:240] + "-" + region.ars[:5]
                upserter.apply(
                    slug,
                    {
                        "short_name": "",
                        "topics": "",
                        **described,
                        "slug": slug,
                        "region_id": region.pk,
                        "town": region.name if region.level == RegionLevel.GEMEINDE else "",
                        "email": f"poststelle@{slugify(region.name)}.rathaus.example",
                    },
                )
        name = FEDERAL_AUTHORITY[1]
        upserter.apply(
            slugify(name),
            {
                "name": name,
                "short_name": FEDERAL_AUTHORITY[0],
                "slug": slugify(name),
                "kind": AuthorityKind.BUNDESBEHOERDE,
                "region_id": None,
                "topics": "",
            },
        )
        upserter.flush()
    return report


def _authorities_for(region: Region) -> list[dict[str, str]]:
    if region.level == RegionLevel.LAND:
        return [
            {"name": name, "short_name": short, "kind": AuthorityKind.MINISTERIUM, "topics": topics}
            for short, name, topics in HESSEN_MINISTRIES
        ]
    if region.level == RegionLevel.REGIERUNGSBEZIRK:
        return [
            {
                "name": region.name.replace("Regierungsbezirk", "Regierungspräsidium"),
                "kind": AuthorityKind.REGIERUNGSPRAESIDIUM,
            }
        ]
    if region.level == RegionLevel.KREIS:
        if region.is_kreisfrei:
            return [
                {"name": f"Stadtverwaltung {region.name}", "kind": AuthorityKind.KREISFREIE_STADT}
            ]
        return [{"name": f"Kreisverwaltung {region.name}", "kind": AuthorityKind.KREISVERWALTUNG}]
    parent = region.parent
    if region.is_unincorporated or (parent is not None and parent.is_kreisfrei):
        return []
    return [{"name": _municipal_name(region), "kind": _municipal_kind(region)}]
