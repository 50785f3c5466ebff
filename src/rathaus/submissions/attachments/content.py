"""What a file really is, judged by its bytes: sniffed type, a real PDF, no zip bomb."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import puremagic
from django.conf import settings

from rathaus.forms.definition import Text
from rathaus.submissions.attachments import messages
from rathaus.submissions.attachments.rules import MB, FileRule

# the content types puremagic reports, by the kind a form names
KIND_TYPES: dict[str, tuple[str, ...]] = {
    "pdf": ("application/pdf",),
    "jpeg": ("image/jpeg",),
    "png": ("image/png",),
    "tiff": ("image/tiff",),
    "zip": (
        "application/zip",
        "application/x-zip-compressed",
        "application/vnd.openxmlformats-officedocument",
        "application/vnd.oasis.opendocument",
        "application/vnd.ms-",
    ),
}
ARCHIVE_KINDS = frozenset({"zip"})
MAX_ARCHIVE_MEMBERS = 1000
_CHUNK = 64 * 1024
MAX_NAME = 120


def clean_file_name(name: str | None) -> str:
    """A file name safe to show and to hand on: no folders, no control characters, short."""
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").rpartition("/")[2]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip(" .")
    if len(base) > MAX_NAME:
        stem, dot, ending = base.rpartition(".")
        ending = ending[:10] if dot else ""
        base = (stem or base)[: MAX_NAME - len(ending) - 1] + ("." + ending if ending else "")
    return base or "datei"


class ContentRefused(Exception):
    """The file is not what the field accepts; `message` says why in both languages."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.de)


def content_check(data: bytes, *, name: str, rule: FileRule) -> str:
    """The content type of an acceptable file; raises ContentRefused for anything else."""
    if not data:
        raise ContentRefused(messages.bilingual(messages.EMPTY, name=name))
    kind, content_type = _sniff(data, rule.kinds)
    if kind is None:
        raise ContentRefused(
            messages.bilingual(
                messages.WRONG_TYPE, name=name, kinds=messages.kinds_text(rule.kinds)
            )
        )
    if kind == "pdf" and not _looks_like_pdf(data):
        raise ContentRefused(messages.bilingual(messages.BROKEN_PDF, name=name))
    if kind in ARCHIVE_KINDS:
        _archive_check(data, name=name)
    return content_type


def _sniff(data: bytes, kinds: tuple[str, ...]) -> tuple[str | None, str]:
    """The first allowed kind among what the magic numbers say, with its content type."""
    try:
        matches = puremagic.magic_string(data[:65536])
    except (puremagic.PureError, ValueError):
        return None, ""
    for match in matches:
        for kind in kinds:
            if any(match.mime_type.startswith(t) for t in KIND_TYPES.get(kind, ())):
                return kind, KIND_TYPES[kind][0] if kind in ARCHIVE_KINDS else match.mime_type
    return None, ""


def _looks_like_pdf(data: bytes) -> bool:
    """A PDF starts with its header (within the first KB) and ends with an end-of-file mark."""
    return data.find(b"%PDF-", 0, 1024) != -1 and data.rfind(b"%%EOF", -2048) != -1


def _archive_check(data: bytes, *, name: str) -> None:
    """Unpack and count (without keeping) every member: the headers may lie about sizes."""
    limit = min(
        settings.RATHAUS_ARCHIVE_MAX_UNPACKED_MB * MB,
        settings.RATHAUS_ARCHIVE_MAX_RATIO * len(data),
    )
    bomb = ContentRefused(messages.bilingual(messages.ARCHIVE_BOMB, name=name))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                raise bomb
            if sum(member.file_size for member in members) > limit:
                raise bomb
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > limit:
                            raise bomb
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, EOFError):
        # RuntimeError: an encrypted member, which cannot be checked (or scanned)
        raise ContentRefused(messages.bilingual(messages.BAD_ARCHIVE, name=name)) from None
