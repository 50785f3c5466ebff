"""Reading the LeiKa/OZG catalogue files (OZG-Umsetzungskatalog, LeiKa mapping)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from rathaus.common.csvimport import ImportFailed, RowError, read_rows

OZG_FILE = "ozg_leistungen_catalog.csv"
LEIKA_FILE = "leika_leistungen_mapping.csv"

LEIKA_KEY = re.compile(r"\d{14}")
_TYPISIERUNG = re.compile(r"(1|2|2/3|3|4|5|6)(, ?(1|2|2/3|3|4|5|6))*")


@dataclass(frozen=True)
class OzgRow:
    ozg_id: str
    name: str
    life_situation: str
    topic: str


@dataclass(frozen=True)
class ServiceRow:
    line: int
    source_key: str
    leika_key: str | None
    name: str
    typisierung: str
    legal_basis: str
    law_name: str
    law_abbreviation: str
    ozg_id: str
    flag: str


def catalog_dir(directory: Path) -> Path:
    """Accept the data directory itself or its catalog/ folder."""
    nested = directory / "catalog"
    return nested if nested.is_dir() else directory


def clean(text: str) -> str:
    """Collapse the line breaks and double spaces that the source has inside names."""
    return " ".join(text.split())


def read_ozg_services(path: Path) -> dict[str, OzgRow]:
    """OZG-Leistungen by OZG id, each with its Lebenslage and Themenfeld."""
    errors: list[RowError] = []
    result: dict[str, OzgRow] = {}
    for line, raw in read_rows(path, ["ozg_id", "ozg_leistung", "lebenslage", "themenfeld"]):
        ozg_id = raw["ozg_id"]
        if not ozg_id.isdigit():
            errors.append(RowError(path, line, _("OZG-ID ist keine Zahl: %(v)r") % {"v": ozg_id}))
        elif not raw["ozg_leistung"] or not raw["lebenslage"] or not raw["themenfeld"]:
            errors.append(RowError(path, line, _("Name, Lebenslage oder Themenfeld fehlt")))
        elif ozg_id in result:
            errors.append(RowError(path, line, _("OZG-ID %(v)s kommt doppelt vor") % {"v": ozg_id}))
        else:
            result[ozg_id] = OzgRow(
                ozg_id,
                clean(raw["ozg_leistung"]),
                clean(raw["lebenslage"]),
                clean(raw["themenfeld"]),
            )
    if errors:
        raise ImportFailed(errors)
    return result


def read_services(path: Path, ozg_ids: set[str]) -> list[ServiceRow]:
    """LeiKa services; rows without a valid key are kept and flagged, broken rows refused."""
    required = [
        "leika_schluessel",
        "leika_leistung",
        "typisierung",
        "rechtsgrundlage",
        "gesetz",
        "gesetz_kuerzel",
        "ozg_id",
    ]
    errors: list[RowError] = []
    rows: list[ServiceRow] = []
    for line, raw in read_rows(path, required):
        too_long = _too_long(raw)
        if too_long:
            errors.append(RowError(path, line, too_long))
        elif not raw["leika_leistung"]:
            errors.append(RowError(path, line, _("Name der Leistung fehlt")))
        elif raw["ozg_id"] not in ozg_ids:
            errors.append(RowError(path, line, _("unbekannte OZG-ID %(v)r") % {"v": raw["ozg_id"]}))
        else:
            rows.append(_service(line, raw))
    if errors:
        raise ImportFailed(errors)
    return rows


# Longest text each column may hold (the database refuses more).
_MAX_LENGTHS = {
    "leika_leistung": 500,
    "gesetz": 500,
    "gesetz_kuerzel": 60,
    "typisierung": 20,
    "leika_schluessel": 40,
}


def _too_long(raw: dict[str, str]) -> str:
    for column, limit in _MAX_LENGTHS.items():
        if len(clean(raw[column])) > limit:
            return _("%(column)s ist länger als %(limit)d Zeichen") % {
                "column": column,
                "limit": limit,
            }
    return ""


def _service(line: int, raw: dict[str, str]) -> ServiceRow:
    key = raw["leika_schluessel"]
    valid = bool(LEIKA_KEY.fullmatch(key))
    flags = []
    if not valid:
        flags.append(_("kein gültiger Leistungsschlüssel (Quelle: „%(key)s“)") % {"key": key})
    if raw["typisierung"] and not _TYPISIERUNG.fullmatch(raw["typisierung"]):
        flags.append(_("unbekannte Typisierung „%(t)s“") % {"t": raw["typisierung"]})
    return ServiceRow(
        line=line,
        source_key=key,
        leika_key=key if valid else None,
        name=clean(raw["leika_leistung"]),
        typisierung=raw["typisierung"],
        legal_basis=raw["rechtsgrundlage"],
        law_name=clean(raw["gesetz"]),
        law_abbreviation=clean(raw["gesetz_kuerzel"]),
        ozg_id=raw["ozg_id"],
        flag="; ".join(flags),
    )
