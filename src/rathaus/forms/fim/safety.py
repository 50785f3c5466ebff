"""Reading untrusted XML: size, compression, encoding and DTD checks before lxml parses.

Everything here runs before the parser sees the bytes, so a hostile file (entity bomb,
external entity, gzip bomb, 50 MB upload, wrong encoding) costs milliseconds, not memory.
"""

from __future__ import annotations

import codecs
import re
import zlib

from lxml import etree

from rathaus.forms.fim.report import FimImportError

MAX_BYTES = 20 * 1024 * 1024  # decompressed; the largest real schema is ~4 MB
_GZIP_MAGIC = b"\x1f\x8b"
_DECLARATION = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DTD = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def unpack(data: bytes) -> bytes:
    """The XML bytes, gunzipped if needed; refuses anything above MAX_BYTES."""
    if len(data) > MAX_BYTES:
        raise FimImportError(
            [
                f"Die Datei ist {_megabytes(len(data))} groß; erlaubt sind höchstens "
                f"{_megabytes(MAX_BYTES)} (file too large)"
            ]
        )
    if not data.startswith(_GZIP_MAGIC):
        return data
    return _gunzip(data)


def _gunzip(data: bytes) -> bytes:
    """Decompress at most MAX_BYTES + 1 bytes, so a gzip bomb stops at the cap."""
    parts: list[bytes] = []
    size = 0
    rest = data
    try:
        while rest:
            inflater = zlib.decompressobj(wbits=31)
            chunk = inflater.decompress(rest, MAX_BYTES + 1 - size)
            parts.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES or inflater.unconsumed_tail:
                raise FimImportError(
                    [
                        f"Die entpackte Datei wäre größer als {_megabytes(MAX_BYTES)} "
                        "(decompressed file too large)"
                    ]
                )
            if not inflater.eof:
                raise FimImportError(["Die gzip-Datei ist abgeschnitten (truncated gzip file)"])
            rest = inflater.unused_data
    except zlib.error as error:
        raise FimImportError([f"Die gzip-Datei ist beschädigt (corrupt gzip): {error}"]) from None
    return b"".join(parts)


def _encoding(data: bytes) -> str:
    """The encoding the document claims: byte-order mark, then XML declaration, else UTF-8."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    match = _DECLARATION.match(data[:200])
    return match.group(1).decode("ascii").lower() if match else "utf-8"


def check_text(data: bytes) -> None:
    """Refuse wrong encodings, non-XML and any DTD or entity declaration."""
    name = _encoding(data)
    try:
        codecs.lookup(name)
        text = data.decode(name)
    except LookupError:
        raise FimImportError([f"Unbekannte Zeichenkodierung „{name}“ (unknown encoding)"]) from None
    except UnicodeDecodeError as error:
        raise FimImportError(
            [
                f"Die Datei ist nicht gültig in {name.upper()} kodiert: Byte {error.start} passt "
                f"nicht (wrong encoding); bitte als UTF-8 speichern"
            ]
        ) from None
    if not text.lstrip("\ufeff \t\r\n").startswith("<"):
        raise FimImportError(["Die Datei ist kein XML-Dokument (not an XML document)"])
    found = _DTD.search(text)
    if found:
        raise FimImportError(
            [
                "Die Datei enthält eine Dokumenttyp- oder Entity-Deklaration "
                f"(<!{found.group(1)}); "
                "das ist in FIM-Dateien nicht vorgesehen und wird aus Sicherheitsgründen "
                "abgelehnt (DTD/entities not allowed)"
            ]
        )


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse(data: bytes) -> etree._Element:
    """Parse checked bytes with a parser that never loads DTDs, entities or the network."""
    check_text(data)
    try:
        return etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        raise FimImportError(
            [f"Die Datei ist kein wohlgeformtes XML (not well-formed): {error}"]
        ) from None
