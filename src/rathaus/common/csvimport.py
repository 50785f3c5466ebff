"""Reading official CSV files row by row, with errors that name file, line and reason."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    """One rejected row: where it is and why."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path.name}, Zeile {self.line}: {self.reason}"


class ImportFailed(Exception):
    """The import was refused; nothing was written. Carries every problem found."""

    def __init__(self, errors: Sequence[RowError | str]) -> None:
        self.errors = [str(error) for error in errors]
        super().__init__("\n".join(self.errors))


@dataclass
class ImportReport:
    """What an import did, per kind of record."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def count(self, bucket: dict[str, int], label: str, number: int = 1) -> None:
        bucket[label] = bucket.get(label, 0) + number

    @property
    def changed(self) -> bool:
        return (
            any(self.created.values()) or any(self.updated.values()) or any(self.deleted.values())
        )

    def summary(self) -> list[str]:
        labels = sorted({*self.created, *self.updated, *self.unchanged, *self.deleted})
        lines = [
            _("%(label)s: %(created)d neu, %(updated)d geändert, %(unchanged)d unverändert")
            % {
                "label": label,
                "created": self.created.get(label, 0),
                "updated": self.updated.get(label, 0),
                "unchanged": self.unchanged.get(label, 0),
            }
            + (
                _(", %(deleted)d entfernt") % {"deleted": self.deleted[label]}
                if self.deleted.get(label)
                else ""
            )
            for label in labels
        ]
        if not self.changed:
            lines.append(_("Keine Änderungen: der Datenbestand war bereits aktuell."))
        return lines + self.notes


def read_rows(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) from a UTF-8 CSV file, refusing malformed files clearly."""
    if not path.is_file():
        raise ImportFailed([_("Datei fehlt: %(path)s") % {"path": path}])
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, strict=True)
            header = reader.fieldnames or []
            missing = [column for column in required if column not in header]
            if missing:
                raise ImportFailed(
                    [
                        RowError(
                            path,
                            1,
                            _("Spalten fehlen: %(columns)s") % {"columns": ", ".join(missing)},
                        )
                    ]
                )
            for row in reader:
                yield reader.line_num, _checked_row(path, reader.line_num, row)
    except UnicodeDecodeError as error:
        raise ImportFailed(
            [
                _("%(name)s ist keine UTF-8-Datei (Byte %(pos)d).")
                % {"name": path.name, "pos": error.start}
            ]
        ) from None
    except csv.Error as error:
        raise ImportFailed(
            [
                _("%(name)s ist keine gültige CSV-Datei: %(error)s")
                % {"name": path.name, "error": error}
            ]
        ) from None


def _checked_row(path: Path, line: int, row: dict[str | None, object]) -> dict[str, str]:
    if None in row or any(value is None for value in row.values()):
        raise ImportFailed([RowError(path, line, _("falsche Anzahl von Feldern in dieser Zeile"))])
    return {str(key): str(value).strip() for key, value in row.items()}
