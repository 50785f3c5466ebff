"""The Fachdaten and the metadata document FIT-Connect carries beside them (schema v1.0.0)."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]

from rathaus.submissions.delivery.base import Attachment, Package

SCHEMA_FILE = Path("fit-connect") / "metadata.schema.v1.0.0.json"
SCHEMA_ID = "https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json"
LEIKA_URN = "urn:de:fim:leika:leistung:"
FIM_SCHEMA = "https://schema.fitko.de/fim/{id}_{version}.schema.json"
# the JSON Schema Rathaus exports for every form without a FIM Stammdatenschema
OWN_SCHEMA = "https://schema.rathaus.de/formulare/{key}/{version}.schema.json"


class MetadataProblem(ValueError):
    """The metadata could not be built or does not validate; the reason says why."""


@cache
def metadata_validator(schema_path: Path) -> Draft202012Validator:
    """The validator of the metadata schema file (read once per process)."""
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise MetadataProblem(f"Metadaten-Schema fehlt unter {schema_path}: {error}") from error
    return Draft202012Validator(schema, format_checker=FormatChecker())


def fachdaten(package: Package) -> bytes:
    """The Fachdaten as the exact bytes that are hashed and encrypted."""
    return json.dumps(package.data, ensure_ascii=False, sort_keys=True).encode()


def sha512(content: bytes) -> str:
    return hashlib.sha512(content).hexdigest()


def attachment_ids(package: Package) -> list[uuid.UUID]:
    """Stable ids for the attachments: the same on every attempt of this package."""
    return [
        uuid.uuid5(package.key, f"attachment:{index}:{attachment.sha512}")
        for index, attachment in enumerate(package.attachments)
    ]


def service_type(package: Package) -> dict[str, str]:
    """The public service by its LeiKa key, as announce and metadata name it."""
    leika = package.leika_id.strip()
    if not re.fullmatch(r"\d{14}", leika):
        raise MetadataProblem(
            f"Formular {package.form_key!r} hat keinen 14-stelligen LeiKa-Schlüssel "
            f"({leika!r}); FIT-Connect braucht ihn."
        )
    return {"name": package.form_title[:255], "identifier": LEIKA_URN + leika}


def schema_uri(package: Package) -> str:
    """The FIM schema URI of the Fachdaten, or the Rathaus form schema without FIM."""
    fim_id = package.fim_id.strip()
    if fim_id:
        return FIM_SCHEMA.format(id=fim_id.lower(), version=package.fim_version or "1.0")
    return OWN_SCHEMA.format(key=package.form_key, version=package.form_version)


def _attachment_entry(attachment_id: uuid.UUID, attachment: Attachment) -> dict[str, Any]:
    digest = sha512(attachment.content)
    if digest != attachment.sha512.lower():
        raise MetadataProblem(f"Anlage {attachment.name!r}: gespeicherte Prüfsumme stimmt nicht.")
    return {
        "attachmentId": str(attachment_id),
        "hash": {"type": "sha512", "content": digest},
        "purpose": "attachment",
        "mimeType": attachment.content_type,
        "filename": attachment.name,
    }


def metadata_for(package: Package, *, data: bytes, schema_path: Path) -> dict[str, Any]:
    """The metadata document for the package, validated against the FIT-Connect schema."""
    document = {
        "$schema": SCHEMA_ID,
        "publicServiceType": service_type(package),
        "contentStructure": {
            "data": {
                "hash": {"type": "sha512", "content": sha512(data)},
                "submissionSchema": {
                    "schemaUri": schema_uri(package),
                    "mimeType": "application/json",
                },
            },
            "attachments": [
                _attachment_entry(attachment_id, attachment)
                for attachment_id, attachment in zip(
                    attachment_ids(package), package.attachments, strict=True
                )
            ],
        },
        "additionalReferenceInfo": {
            "senderReference": package.reference,
            "applicationDate": package.submitted_at.date().isoformat(),
        },
    }
    errors = sorted(metadata_validator(schema_path).iter_errors(document), key=str)
    if errors:
        where = "/".join(str(part) for part in errors[0].absolute_path)
        raise MetadataProblem(f"Metadaten ungültig bei {where or '/'}: {errors[0].message}")
    return document
