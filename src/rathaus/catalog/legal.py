"""Legal basis texts of the catalogue, split into readable references with links."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "§ 882g Zivilprozessordnung (ZPO) [http://www.gesetze-im-internet.de/zpo/__882g.html]"
_REFERENCE = re.compile(r"\s*(?P<label>[^\[\]]*?)\s*\[(?P<url>https?://[^\]\s]+)\]\s*[,;]?")


@dataclass(frozen=True)
class LegalReference:
    """One norm: what a person reads, and where the law text is (if known)."""

    label: str
    url: str = ""


def legal_references(text: str) -> list[LegalReference]:
    """Split a legal basis into references; text without a link stays one plain reference."""
    references: list[LegalReference] = []
    position = 0
    for match in _REFERENCE.finditer(text):
        _plain(text[position : match.start()], references)
        label = match.group("label").strip(" ,;") or match.group("url")
        references.append(LegalReference(label, match.group("url").replace("http://", "https://")))
        position = match.end()
    _plain(text[position:], references)
    return references


def _plain(fragment: str, into: list[LegalReference]) -> None:
    label = fragment.strip(" ,;\n")
    if label:
        into.append(LegalReference(label))
