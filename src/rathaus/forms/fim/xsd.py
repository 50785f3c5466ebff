"""Which XDatenfelder version a document is, and whether the official XSD accepts it."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from lxml import etree

from rathaus.forms.fim.report import FimImportError, ImportReport, XsdVersion

NAMESPACES: dict[str, XsdVersion] = {
    "urn:xoev-de:fim:standard:xdatenfelder_2": "2.0",
    "urn:xoev-de:fim:standard:xdatenfelder_3.0.0": "3.0.0",
}
_OLD = "urn:xoev-de:fim:standard:xdatenfelder_1"
_ROOT = "xdatenfelder.stammdatenschema.0102"
# The String.Latin pattern starts like this in lxml's message; free texts in real exports
# break it with „ “ ≤ and non-breaking spaces, which is harmless for a form.
_LATIN_PATTERN = "(([\t-\n\r -~"
MAX_ERRORS = 20


def default_fim_dir() -> Path:
    """The FIM data folder: Django's RATHAUS_DATA_DIR/fim, else the env var, else ../shared."""
    try:
        from django.conf import settings

        if settings.configured:
            return Path(settings.RATHAUS_DATA_DIR) / "fim"
    except ImportError:  # pragma: no cover - Django is a dependency
        pass
    base = os.environ.get("RATHAUS_DATA_DIR")
    if base:
        return Path(base) / "fim"
    return Path(__file__).resolve().parents[5] / "shared" / "data" / "fim"


def detect_version(root: etree._Element) -> XsdVersion:
    """The XDatenfelder version from the root's namespace; refuses 1.x and unknown ones."""
    qname = etree.QName(root)
    namespace = qname.namespace or "(kein Namensraum)"
    if namespace.startswith(_OLD):
        raise FimImportError(
            [
                f"XDatenfelder 1.x ({namespace}) wird nicht unterstützt; bitte als "
                "XDatenfelder 2.0 oder 3.0.0 exportieren (XDatenfelder 1 is not supported)"
            ]
        )
    version = NAMESPACES.get(namespace)
    if version is None:
        raise FimImportError(
            [
                f"Unbekannter Namensraum „{namespace}“ (Element {qname.localname}); erwartet "
                "XDatenfelder 2.0 oder 3.0.0 (unknown namespace)"
            ]
        )
    return version


def message_problems(root: etree._Element) -> list[str]:
    """A refusal when the message is not a Stammdatenschema (e.g. datenfeldgruppe.0103)."""
    name = etree.QName(root).localname
    if name == _ROOT:
        return []
    return [
        f"Die Nachricht {name} ist kein Stammdatenschema; erwartet wird {_ROOT} "
        "(not a Stammdatenschema message)"
    ]


@functools.lru_cache(maxsize=8)
def _schema(path: Path) -> etree.XMLSchema:
    """Compile an XSD once per process; its imports are local files next to it."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(path), parser=parser))


def validate(
    root: etree._Element, version: XsdVersion, fim_dir: Path, report: ImportReport
) -> None:
    """Check the message type and the official XSD; String.Latin breaches only warn."""
    path = fim_dir / f"xsd_{version}" / "xdatenfelder.xsd"
    if not path.is_file():
        raise FimImportError([f"Das XSD für XDatenfelder {version} fehlt unter {path}"])
    schema = _schema(path)
    wrong_message = message_problems(root)
    if schema.validate(root) and not wrong_message:
        return
    problems: list[str] = []
    latin = 0
    for error in list(schema.error_log):  # type: ignore[call-overload]
        if error.type_name == "SCHEMAV_CVC_PATTERN_VALID" and _LATIN_PATTERN in error.message:
            latin += 1
            if latin <= MAX_ERRORS:
                element = error.path.rsplit("/", 1)[-1] if error.path else "?"
                report.warn(
                    f"Zeile {error.line}: {element} enthält Zeichen außerhalb von String.Latin "
                    "(z. B. „ “ ≤ oder geschütztes Leerzeichen); übernommen"
                )
        else:
            problems.append(f"Zeile {error.line}: {error.message}")
    if latin > MAX_ERRORS:
        report.warn(f"… und {latin - MAX_ERRORS} weitere String.Latin-Abweichungen")
    if problems:
        shown = problems[:MAX_ERRORS]
        if len(problems) > MAX_ERRORS:
            shown.append(f"… und {len(problems) - MAX_ERRORS} weitere Fehler")
        heading = f"Das Dokument entspricht nicht dem XSD XDatenfelder {version} (XSD errors):"
        wrong_message += [heading, *shown]
    if wrong_message:
        raise FimImportError(wrong_message)
