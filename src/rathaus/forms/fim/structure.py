"""The struktur tree of a Stammdatenschema → nodes that become FieldDefs and GroupDefs.

FIM reuses groups and fields (the same G… in several places); the form model needs
unique ids, so the second occurrence of G1 becomes G1_2 and so on, with `fim.id` still G1.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from rathaus.forms.definition import DataType
from rathaus.forms.fim.fields import FieldContext, field_attributes

_INVALID_ID = re.compile(r"[^A-Za-z0-9_]")


@dataclass(eq=False)
class Node:
    """One occurrence of a FIM field or group in the form."""

    fim_id: str
    element_id: str
    kind: str
    attrs: dict[str, Any]
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def type(self) -> DataType | None:
        """The field's data type (None for groups)."""
        value = self.attrs.get("type")
        return value if isinstance(value, DataType) else None

    @property
    def repeated(self) -> bool:
        """True when this node or an enclosing group may occur more than once."""
        node: Node | None = self
        while node is not None:
            if node.attrs.get("max_items", 1) != 1:
                return True
            node = node.parent
        return False

    def walk(self) -> list[Node]:
        """This node and everything below it, depth first."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found

    def as_data(self) -> dict[str, Any]:
        """The element as plain data for pydantic validation."""
        data = dict(self.attrs)
        if self.kind == "group":
            data["children"] = [child.as_data() for child in self.children]
        return data


class StructureReader:
    """Walks struktur/enthaelt recursively, collecting nodes and the rules found on the way."""

    def __init__(self, ctx: FieldContext) -> None:
        self.ctx = ctx
        self.seen: Counter[str] = Counter()
        self.rules: list[tuple[etree._Element, Node | None]] = []

    def read(self, schema: etree._Element) -> list[Node]:
        """The top-level nodes of a stammdatenschema element."""
        self.rules.extend((rule, None) for rule in schema.findall(self.ctx.q("regel")))
        return self._structures(schema, None)

    def _structures(self, element: etree._Element, parent: Node | None) -> list[Node]:
        nodes = (self._structure(s, parent) for s in element.findall(self.ctx.q("struktur")))
        return [node for node in nodes if node is not None]

    def _structure(self, structure: etree._Element, parent: Node | None) -> Node | None:
        ctx = self.ctx
        content = structure.find(ctx.q("enthaelt"))
        child = (
            next((c for c in content if isinstance(c.tag, str)), None)
            if content is not None
            else None
        )
        if child is None:
            ctx.report.warn("Eine Struktur ohne Inhalt (enthaelt) wurde übersprungen")
            return None
        fim_id = (child.findtext(f"{ctx.q('identifikation')}/{ctx.q('id')}") or "").strip()
        version = (child.findtext(f"{ctx.q('identifikation')}/{ctx.q('version')}") or "").strip()
        minimum, maximum = self._multiplicity(ctx.text(structure, "anzahl"), fim_id)
        label = ctx.text(child, "bezeichnungEingabe") or ctx.text(child, "name") or fim_id
        attrs: dict[str, Any] = {
            "id": self._unique(fim_id),
            "label": label,
            "fim": {
                "id": fim_id,
                "version": version,
                "name": ctx.text(child, "name"),
                "legal_basis": self._legal_basis(child, structure),
            },
        }
        help_text = ctx.text(child, "hilfetextEingabe")
        is_group = etree.QName(child).localname == "datenfeldgruppe"
        node = Node(fim_id, attrs["id"], "group" if is_group else "field", attrs, parent)
        self.rules.extend((rule, node) for rule in child.findall(ctx.q("regel")))
        if is_group:
            attrs.update(min_items=minimum, max_items=maximum)
            node.children = self._structures(child, node)
        else:
            attrs.update(field_attributes(ctx, child, fim_id, label))
            if attrs["type"] == DataType.STATIC:
                help_text = help_text or ctx.text(child, "inhalt")
            else:
                attrs.update(required=minimum >= 1, min_items=minimum, max_items=maximum)
        if help_text:
            attrs["help"] = help_text
        return node

    def _multiplicity(self, anzahl: str, fim_id: str) -> tuple[int, int | None]:
        low, _, high = anzahl.partition(":")
        minimum = int(low) if low.isdigit() else 0
        maximum = None if high == "*" else int(high) if high.isdigit() else 1
        if maximum is not None and maximum < max(minimum, 1):
            self.ctx.report.warn(
                f"{fim_id}: Anzahl {anzahl!r} ist widersprüchlich; höchstens {max(minimum, 1)}"
            )
            maximum = max(minimum, 1)
        return minimum, maximum

    def _unique(self, fim_id: str) -> str:
        base = _INVALID_ID.sub("_", fim_id) or "Element"
        if not base[0].isalpha():
            base = f"X{base}"
        base = base[:56]
        self.seen[base] += 1
        count = self.seen[base]
        return base if count == 1 else f"{base}_{count}"

    def _legal_basis(self, element: etree._Element, structure: etree._Element) -> list[str]:
        texts = [b.text or "" for b in element.findall(self.ctx.q("bezug"))]
        texts += [b.text or "" for b in structure.findall(self.ctx.q("bezug"))]
        lines = (line.strip() for text in texts for line in text.splitlines())
        return list(dict.fromkeys(line for line in lines if line))
