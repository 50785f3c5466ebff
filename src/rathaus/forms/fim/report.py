"""What an import returns: the form, a report for the person importing, or a refusal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rathaus.forms.definition import FormDef

XsdVersion = Literal["2.0", "3.0.0"]


class FimImportError(ValueError):
    """A FIM document was refused; `problems` says why, in German (English in brackets)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    """What a person must know after an import: warnings, rules kept as text, missing lists."""

    xsd_version: XsdVersion
    schema_id: str = ""
    schema_version: str = ""
    schema_name: str = ""
    warnings: list[str] = field(default_factory=list)
    documentation_rules: list[str] = field(default_factory=list)
    missing_codelists: list[str] = field(default_factory=list)
    machine_rules: int = 0

    def warn(self, message: str) -> None:
        """Add a warning once (the same text is not repeated)."""
        if message not in self.warnings:
            self.warnings.append(message)


@dataclass(frozen=True)
class FimImport:
    """A successful import: the validated form definition and its report."""

    form: FormDef
    report: ImportReport
