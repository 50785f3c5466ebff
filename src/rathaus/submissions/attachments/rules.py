"""What a file field accepts: types by content, the largest file, how many files."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

from rathaus.forms.definition import DataType, FieldDef, FormDef, GroupDef, PageDef

MB = 1024 * 1024


@dataclass(frozen=True)
class FileRule:
    """The limits of one file field, the form's own options filled in from settings."""

    field_id: str
    kinds: tuple[str, ...]
    max_bytes: int
    max_count: int
    repeated: bool = False

    @property
    def max_mb(self) -> int:
        return self.max_bytes // MB


def file_rule(field: FieldDef) -> FileRule:
    """The limits of a file field: its own options, else the installation's defaults."""
    count = field.max_items if field.max_items is not None else settings.RATHAUS_UPLOAD_MAX_FILES
    return FileRule(
        field_id=field.id,
        kinds=tuple(field.accept or settings.RATHAUS_UPLOAD_TYPES),
        max_bytes=(field.max_file_mb or settings.RATHAUS_UPLOAD_MAX_MB) * MB,
        max_count=min(count, settings.RATHAUS_UPLOAD_MAX_FILES),
        repeated=field.is_repeated,
    )


def page_file_rules(page: PageDef) -> dict[str, FileRule]:
    """The file fields of a page (inside groups too), by field id."""
    rules: dict[str, FileRule] = {}

    def walk(elements: tuple[FieldDef | GroupDef, ...]) -> None:
        for element in elements:
            if isinstance(element, GroupDef):
                walk(element.children)
            elif element.type == DataType.FILE:
                rules[element.id] = file_rule(element)

    walk(page.elements)
    return rules


def form_max_files(form: FormDef) -> int:
    """The most files one application may carry."""
    return form.max_files or settings.RATHAUS_UPLOAD_MAX_FILES


_INDEX = re.compile(r"\[\d+\]")


def field_id_of(path: str) -> str:
    """The field id of an input's data path: "hund[1].foto" → "foto" (ids are form-unique)."""
    return _INDEX.sub("", path).rpartition(".")[2]
