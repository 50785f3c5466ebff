"""Reading the PDFs Rathaus writes: text, XMP identification, structure tags, fonts."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

PDFAID = "http://www.aiim.org/pdfa/ns/id/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(pdf).pages)


def xmp(pdf: bytes) -> bytes:
    metadata = read(pdf).trailer["/Root"]["/Metadata"].get_object()
    data: bytes = metadata.get_data()
    return data


def xmp_property(pdf: bytes, namespace: str, name: str) -> str | None:
    """An XMP property written either as attribute or as element of an rdf:Description."""
    key = f"{{{namespace}}}{name}"
    for element in ElementTree.fromstring(xmp(pdf)).iter():
        if key in element.attrib:
            return element.attrib[key]
        if element.tag == key:
            return element.text
    return None


def fonts(page: Any) -> Iterator[DictionaryObject]:
    for ref in page["/Resources"].get("/Font", {}).values():
        yield ref.get_object()


def structure_roles(node: Any) -> Iterator[str]:
    node = node.get_object() if isinstance(node, IndirectObject) else node
    if isinstance(node, DictionaryObject):
        if "/S" in node:
            yield str(node["/S"])
        kids = node.get("/K")
        if kids is not None:
            yield from structure_roles(kids)
    elif isinstance(node, list):
        for kid in node:
            yield from structure_roles(kid)
