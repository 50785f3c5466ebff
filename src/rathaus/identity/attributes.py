"""The BundID attribute definitions (OIDs) from the data directory.

Pure Python without Django: the development IdP reads the same file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

DEFINITIONS_FILE = Path("bundid") / "bundid_saml_attribute_definitions.yml"
BPK2 = "bpk2"


@dataclass(frozen=True)
class AttributeDefinition:
    """One BundID attribute: our name for it, its SAML name (urn:oid:…) and friendly name."""

    key: str
    oid: str
    friendly_name: str


def oid_normalise(name: str) -> str:
    """`urn:oid: 1.2.3` (as some definitions spell it) and `urn:oid:1.2.3` are one name."""
    return "".join(name.split())


def attribute_definitions_load(data_dir: Path) -> list[AttributeDefinition]:
    """Read the definitions file; a missing or malformed file stops with its path."""
    path = data_dir / DEFINITIONS_FILE
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        return [
            AttributeDefinition(
                key=field["name"],
                oid=oid_normalise(field["attributes"]["name"]),
                friendly_name=field["attributes"]["friendlyName"],
            )
            for field in document["fields"]
        ]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        raise ValueError(f"BundID attribute definitions unreadable at {path}: {error}") from error
