"""Genericode code lists: found by canonical URI and version in folders, read into choices.

Exports from the FIM portal put the child elements in the gc namespace and large lists
lack `Column/@Use`; the standard has unqualified children. Both are read, by local name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from rathaus.forms.fim import safety
from rathaus.forms.fim.report import FimImportError

GC = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/"
_HEAD = 8192
_URI = re.compile(rb"<(?:[\w.-]+:)?CanonicalUri>\s*([^<\s]+)\s*<")
_VERSION = re.compile(rb"<(?:[\w.-]+:)?Version>\s*([^<]*?)\s*<")
_LABEL_HINTS = ("beschreibung", "name", "bezeichnung", "wert", "label")


@dataclass(frozen=True)
class CodeList:
    """The values of one code list, ready to become choices."""

    uri: str
    version: str
    values: tuple[tuple[str, str], ...]
    notes: tuple[str, ...] = ()


@dataclass
class CodeListIndex:
    """Genericode files in some folders, keyed by (canonical URI, version)."""

    files: dict[tuple[str, str], Path]

    @classmethod
    def scan(cls, folders: Sequence[Path]) -> CodeListIndex:
        """Read only the head of each .xml file to learn its URI and version."""
        files: dict[tuple[str, str], Path] = {}
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.xml")):
                key = _identify(path)
                if key and key not in files:
                    files[key] = path
        return cls(files)

    def versions(self, uri: str) -> list[str]:
        """The versions available for a URI (to say what was found instead)."""
        return sorted(version for found, version in self.files if found == uri)

    def load(self, uri: str, version: str) -> CodeList | None:
        """The list with exactly this URI and version (any version when none is asked)."""
        if not version and self.versions(uri):
            version = self.versions(uri)[-1]
        path = self.files.get((uri, version))
        return read_genericode(path.read_bytes()) if path else None


def _identify(path: Path) -> tuple[str, str] | None:
    with path.open("rb") as handle:
        head = handle.read(_HEAD)
    if GC.encode() not in head:
        return None
    uri, version = _URI.search(head), _VERSION.search(head)
    if uri is None:
        return None
    return uri.group(1).decode("utf-8", "replace"), (
        version.group(1).decode("utf-8", "replace") if version else ""
    )


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _children(parent: etree._Element | None, name: str) -> list[etree._Element]:
    if parent is None:
        return []
    return [child for child in parent if isinstance(child.tag, str) and _local(child) == name]


def _child(parent: etree._Element | None, name: str) -> etree._Element | None:
    found = _children(parent, name)
    return found[0] if found else None


def _text(parent: etree._Element | None, name: str) -> str:
    child = _child(parent, name)
    return (child.text or "").strip() if child is not None else ""


def read_genericode(data: bytes) -> CodeList:
    """Parse one genericode document into (code, label) pairs."""
    root = safety.parse(safety.unpack(data))
    if etree.QName(root).namespace != GC or _local(root) != "CodeList":
        raise FimImportError(["Die Codeliste ist kein genericode-Dokument (not genericode)"])
    ident = _child(root, "Identification")
    notes: list[str] = []
    if _child(root, "Identification") is not None and etree.QName(ident).namespace == GC:
        notes.append("Kindelemente im gc-Namensraum")
    column_set = _child(root, "ColumnSet")
    columns = [column.get("Id", "") for column in _children(column_set, "Column")]
    if columns and all(column.get("Use") is None for column in _children(column_set, "Column")):
        notes.append("ohne Column/@Use")
    code_column, label_column = _pick_columns(column_set, columns)
    values: list[tuple[str, str]] = []
    for row in _children(_child(root, "SimpleCodeList"), "Row"):
        cells = _row_values(row, columns)
        code = cells.get(code_column, "")
        if code:
            values.append((code, cells.get(label_column, "") or code))
    return CodeList(
        _text(ident, "CanonicalUri"), _text(ident, "Version"), tuple(values), tuple(notes)
    )


def _pick_columns(column_set: etree._Element | None, columns: list[str]) -> tuple[str, str]:
    """Code: the first key's column, else the first required, else the first column.

    Label: the second key's column (FIM exports name it codenameKey), else a column whose
    name reads like a label, else the next column.
    """
    keys = [
        ref.get("Ref", "")
        for key in _children(column_set, "Key")
        for ref in _children(key, "ColumnRef")[:1]
    ]
    required = [
        c.get("Id", "") for c in _children(column_set, "Column") if c.get("Use") == "required"
    ]
    code = (keys or required or columns or [""])[0]
    others = [column for column in columns if column != code]
    hinted = [c for c in others if any(hint in c.lower() for hint in _LABEL_HINTS)]
    label_keys = [key for key in keys[1:] if key != code]
    label = (label_keys or hinted or others or [code])[0]
    return code, label


def _row_values(row: etree._Element, columns: list[str]) -> dict[str, str]:
    cells: dict[str, str] = {}
    for position, value in enumerate(_children(row, "Value")):
        column = value.get("ColumnRef") or (columns[position] if position < len(columns) else "")
        cells[column] = _text(value, "SimpleValue")
    return cells
