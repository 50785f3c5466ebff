"""Small real files for upload tests, made on the spot (no binary fixtures in the repo)."""

from __future__ import annotations

import io
import zipfile

from PIL import Image
from pypdf import PdfWriter

# The EICAR anti-virus test file: harmless, and every scanner reports it as malware.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def pdf_bytes(pages: int = 1) -> bytes:
    """A real PDF with blank pages (pypdf)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes(size: int = 8) -> bytes:
    """A real PNG (Pillow)."""
    out = io.BytesIO()
    Image.new("RGB", (size, size), (0, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def zip_bomb_bytes(unpacked_mb: int = 200) -> bytes:
    """A small ZIP that unpacks to `unpacked_mb` MB of zeros."""
    out = io.BytesIO()
    block = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("null.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(unpacked_mb):
            member.write(block)
    return out.getvalue()


def zip_bytes() -> bytes:
    """A harmless ZIP with one short text file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("liesmich.txt", "Nachweis des Tierheims Kassel")
    return out.getvalue()
