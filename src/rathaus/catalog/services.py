"""Writes to the service catalogue: imports, rules, offerings."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction
from django.utils.text import slugify

from rathaus.authorities.models import Authority, AuthorityLevel
from rathaus.catalog import sources
from rathaus.catalog.models import (
    LifeSituation,
    Offering,
    OnlineStatus,
    OzgService,
    ResponsibilityRule,
    Service,
    Topic,
)
from rathaus.catalog.search.index import search_index_invalidate
from rathaus.common.csvimport import ImportFailed, ImportReport
from rathaus.common.upsert import Progress, Upserter, no_progress
from rathaus.territory.models import Region


def catalog_import(*, directory: Path, progress: Progress = no_progress) -> ImportReport:
    """Load Themenfelder, Lebenslagen, OZG-Leistungen and LeiKa services in one transaction."""
    folder = sources.catalog_dir(directory)
    ozg_rows = sources.read_ozg_services(folder / sources.OZG_FILE)
    service_rows = sources.read_services(folder / sources.LEIKA_FILE, set(ozg_rows))
    report = ImportReport()
    with transaction.atomic():
        ozg_services = _ozg_structure(report, ozg_rows)
        _services(report, service_rows, ozg_services, progress)
    if report.changed:
        search_index_invalidate()
    return report


def _ozg_structure(report: ImportReport, rows: dict[str, sources.OzgRow]) -> dict[str, OzgService]:
    topics = Upserter(Topic, key=lambda t: t.name, label="Themenfelder", report=report)
    for name in sorted({row.topic for row in rows.values()}):
        topics.apply(name, {"name": name, "slug": slugify(name)})
    topics.flush()
    situations = Upserter(LifeSituation, key=lambda s: s.name, label="Lebenslagen", report=report)
    for row in sorted(rows.values(), key=lambda r: r.life_situation):
        if row.life_situation not in situations.seen:
            situations.apply(
                row.life_situation,
                {
                    "name": row.life_situation,
                    "slug": slugify(row.life_situation),
                    "topic_id": topics.existing[row.topic].pk,
                },
            )
    situations.flush()
    ozg = Upserter(OzgService, key=lambda o: o.ozg_id, label="OZG-Leistungen", report=report)
    for row in rows.values():
        ozg.apply(
            row.ozg_id,
            {
                "ozg_id": row.ozg_id,
                "name": row.name,
                "life_situation_id": situations.existing[row.life_situation].pk,
            },
        )
    ozg.flush()
    return {key: ozg.existing[key] for key in rows}


def _service_key(service: Service) -> str:
    return service.leika_key or f"{service.name}|{service.ozg_service_id}"


def _services(
    report: ImportReport,
    rows: list[sources.ServiceRow],
    ozg: dict[str, OzgService],
    progress: Progress,
) -> None:
    services = Upserter(Service, key=_service_key, label="Leistungen", report=report)
    slugs = {service.slug for service in services.existing.values()}
    for row in progress(rows, "Leistungen", len(rows)):
        ozg_service = ozg[row.ozg_id]
        key = row.leika_key or f"{row.name}|{ozg_service.pk}"
        if key in services.seen:
            report.notes.append(f"Zeile {row.line}: doppelter Eintrag übergangen ({row.name})")
            continue
        existing = services.existing.get(key)
        slug = existing.slug if existing else _new_slug(row, slugs)
        services.apply(
            key,
            {
                "leika_key": row.leika_key,
                "source_key": row.source_key,
                "slug": slug,
                "name": row.name,
                "typisierung": row.typisierung,
                "legal_basis": row.legal_basis,
                "law_name": row.law_name,
                "law_abbreviation": row.law_abbreviation,
                "ozg_service_id": ozg_service.pk,
                "flag": row.flag,
            },
        )
    services.flush()
    flagged = sum(1 for service in services.existing.values() if service.flag)
    report.notes.append(f"{flagged} Leistungen ohne gültigen Schlüssel: übernommen und markiert")


def _new_slug(row: sources.ServiceRow, used: set[str]) -> str:
    base = row.leika_key or f"x-{slugify(row.name)[:90]}"
    slug, number = base, 2
    while slug in used:
        slug, number = f"{base}-{number}", number + 1
    used.add(slug)
    return slug


DEFAULT_RULES = Path(__file__).resolve().parent / "rules" / "hessen.yaml"
_RULE_KEYS = {
    "name",
    "priority",
    "description",
    "typisierung",
    "keys",
    "words",
    "topics",
    "level",
    "authority",
    "online_status",
    "maturity_v1",
    "maturity_v2",
}


def rules_load(*, path: Path = DEFAULT_RULES) -> ImportReport:
    """Load the readable responsibility rules from YAML; existing rules are updated by name."""
    entries = _read_rule_file(path)
    report = ImportReport()
    with transaction.atomic():
        rules = Upserter(
            ResponsibilityRule, key=lambda r: r.name, label="Zuständigkeitsregeln", report=report
        )
        for entry in entries:
            rules.apply(entry["name"], entry)
        rules.flush()
    return report


def _read_rule_file(path: Path) -> list[dict[str, object]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ImportFailed([f"{path.name}: nicht lesbar ({error})"]) from None
    if not isinstance(data, list):
        raise ImportFailed([f"{path.name}: erwartet wird eine Liste von Regeln"])
    errors: list[str] = []
    entries = []
    for number, item in enumerate(data, start=1):
        try:
            entries.append(_rule_values(item))
        except ValueError as error:
            errors.append(f"{path.name}, Regel {number}: {error}")
    if errors:
        raise ImportFailed(errors)
    return entries


def _rule_values(item: object) -> dict[str, object]:
    if not isinstance(item, dict) or not item.get("name"):
        raise ValueError("jede Regel braucht einen Namen")
    unknown = set(item) - _RULE_KEYS
    if unknown:
        raise ValueError(f"unbekannte Angaben: {', '.join(sorted(unknown))}")
    if item.get("level") not in AuthorityLevel.values:
        raise ValueError(f"Ebene muss eine von {', '.join(AuthorityLevel.values)} sein")
    authority = None
    if item.get("authority"):
        authority = Authority.objects.filter(short_name=item["authority"]).first()
        if authority is None:
            raise ValueError(f"unbekannte Behörde {item['authority']!r}")
    return {
        "name": str(item["name"]),
        "priority": int(item.get("priority", 100)),
        "description": str(item.get("description", "")),
        "match_typisierung": ", ".join(str(t) for t in item.get("typisierung", [])),
        "match_key_prefixes": " ".join(str(k) for k in item.get("keys", [])),
        "match_name_words": ", ".join(str(w) for w in item.get("words", [])),
        "match_topics": ";".join(str(t) for t in item.get("topics", [])),
        "target_level": item["level"],
        "target_authority_id": authority.pk if authority else None,
        "online_status": item.get("online_status", OnlineStatus.OFFLINE),
        "maturity_v1": int(item.get("maturity_v1", 1)),
        "maturity_v2": int(item.get("maturity_v2", 1)),
        "is_active": True,
    }


def offering_set(
    *,
    service: Service,
    region: Region,
    authority: Authority | None = None,
    online_status: str = "",
    maturity_v1: int | None = None,
    maturity_v2: int | None = None,
    application_url: str = "",
    note: str = "",
) -> Offering:
    """Create or replace the explicit entry for a service at a place."""
    offering, _created = Offering.objects.update_or_create(
        service=service,
        region=region,
        defaults={
            "authority": authority,
            "online_status": online_status,
            "maturity_v1": maturity_v1,
            "maturity_v2": maturity_v2,
            "application_url": application_url,
            "note": note,
        },
    )
    return offering


def service_save(*, service: Service) -> Service:
    """Save an edited service and tell the search index."""
    service.save()
    search_index_invalidate()
    return service


def service_delete(*, service: Service) -> None:
    """Delete a service (and its offerings) and tell the search index."""
    service.delete()
    search_index_invalidate()
