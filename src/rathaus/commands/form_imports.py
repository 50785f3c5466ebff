"""`rathaus import form FILE`: a hand-written form becomes a draft (or published) version."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from django.core.management.base import CommandError

from rathaus.catalog.models import Service
from rathaus.forms.definition import FormDef
from rathaus.forms.fim import FimImportError, fim_import
from rathaus.forms.fim.safety import MAX_BYTES as MAX_INPUT_BYTES
from rathaus.forms.models import FormVersion
from rathaus.forms.ownformat import FormDefinitionError, form_from_text
from rathaus.forms.services import PublishRefused, form_version_create, form_version_publish


def read_form_file(path: Path) -> FormDef:
    """Parse an own-format file, refusing clearly."""
    if not path.is_file():
        raise CommandError(f"Datei fehlt: {path} / file not found")
    try:
        return form_from_text(path.read_bytes())
    except FormDefinitionError as error:
        raise CommandError(
            _listing(f"{path.name} ist kein gültiges Formular", error.problems)
        ) from None
    except UnicodeDecodeError:
        raise CommandError(f"{path.name} ist keine UTF-8-Datei / not a UTF-8 file") from None


def read_fim_file(path: Path, codelist_dirs: list[Path]) -> tuple[FormDef, dict[str, object]]:
    """Import a FIM Stammdatenschema file; the file's folder is searched for code lists."""
    if not path.is_file():
        raise CommandError(f"Datei fehlt: {path} / file not found")
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise CommandError(
            f"{path.name} ist größer als {MAX_INPUT_BYTES // 1_000_000} MB / file too large"
        )
    try:
        result = fim_import(path.read_bytes(), filename=str(path), codelist_dirs=codelist_dirs)
    except FimImportError as error:
        raise CommandError(
            _listing(f"{path.name} wurde nicht importiert", error.problems)
        ) from None
    return result.form, asdict(result.report)


def report_lines(report: dict[str, object]) -> list[str]:
    """The import report as lines for the terminal."""
    lines = [
        f"XDatenfelder {report['xsd_version']}: {report['schema_id']} "
        f"{report['schema_version']} – {report['schema_name']}",
        f"Regeln maschinenlesbar: {report['machine_rules']}",
    ]
    for title, key in (
        ("Warnungen", "warnings"),
        ("Regeln nur als Text", "documentation_rules"),
        ("Fehlende Codelisten", "missing_codelists"),
    ):
        items = report.get(key) or []
        assert isinstance(items, list)
        lines.append(f"{title}: {len(items)}")
        lines.extend(f"  {item}" for item in items[:20])
    return lines


def store_form(
    definition: FormDef,
    *,
    source_name: str,
    report: dict[str, object],
    leika_key: str | None,
    publish: bool,
) -> FormVersion:
    """Store as the next draft, attach to a service, publish when asked."""
    service = None
    if leika_key:
        service = Service.objects.filter(leika_key=leika_key).first()
        if service is None:
            raise CommandError(f"Keine Leistung mit dem Schlüssel {leika_key} / unknown service")
    version = form_version_create(
        definition=definition, source_name=source_name, report=report, service=service
    )
    if publish:
        try:
            version = form_version_publish(version=version)
        except PublishRefused as refused:
            raise CommandError(
                _listing(
                    f"Version {version.number} als Entwurf gespeichert, aber nicht veröffentlicht",
                    refused.problems,
                )
            ) from None
    return version


def _listing(title: str, problems: list[str]) -> str:
    shown = "\n".join(f"  {line}" for line in problems[:50])
    more = f"\n  … und {len(problems) - 50} weitere" if len(problems) > 50 else ""
    return f"{title}:\n{shown}{more}"
