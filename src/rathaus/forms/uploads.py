"""A form file uploaded by staff (own format or FIM), with code lists, becomes a draft."""

from __future__ import annotations

import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from rathaus.forms.definition import FormDef
from rathaus.forms.fim import FimImportError, fim_import
from rathaus.forms.fim.safety import MAX_BYTES
from rathaus.forms.ownformat import FormDefinitionError, form_from_text

MAX_CODELIST_FILES = 50


class UploadedFile(Protocol):
    name: str | None
    size: int | None

    def read(self, size: int = -1) -> bytes: ...


class UploadRefused(Exception):
    """The upload was refused; `problems` says why (German, English in brackets)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ParsedUpload:
    definition: FormDef
    report: dict[str, object] = field(default_factory=dict)


def _bounded(upload: UploadedFile) -> bytes:
    if (upload.size or 0) > MAX_BYTES:
        raise UploadRefused(
            [f"{upload.name}: größer als {MAX_BYTES // 1_000_000} MB (file too large)"]
        )
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UploadRefused([f"{upload.name}: zu groß (file too large)"])
    return data


def _looks_like_xml(data: bytes) -> bool:
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5]
    return start.startswith(b"<") or data[:2] == b"\x1f\x8b"  # gzip: only FIM comes zipped


def parse_upload(schema: UploadedFile, codelists: list[UploadedFile]) -> ParsedUpload:
    """Parse an uploaded form file; code-list files help resolve FIM selections."""
    if len(codelists) > MAX_CODELIST_FILES:
        raise UploadRefused([f"höchstens {MAX_CODELIST_FILES} Codelisten je Upload"])
    data = _bounded(schema)
    name = schema.name or "formular"
    if not _looks_like_xml(data):
        try:
            return ParsedUpload(form_from_text(data))
        except FormDefinitionError as error:
            raise UploadRefused(error.problems) from None
    with tempfile.TemporaryDirectory(prefix="rathaus-codelists-") as folder:
        for number, upload in enumerate(codelists):
            Path(folder, f"liste-{number}.xml").write_bytes(_bounded(upload))
        try:
            result = fim_import(data, filename=name, codelist_dirs=[Path(folder)])
        except FimImportError as error:
            raise UploadRefused(error.problems) from None
    return ParsedUpload(result.form, asdict(result.report))
