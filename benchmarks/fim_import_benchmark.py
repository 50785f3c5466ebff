"""Import every real FIM schema (one line each) and time the Gewerbeanmeldung import.

Run: .venv/bin/python benchmarks/fim_import_benchmark.py [FIM_DIR]
Goal: the 556 KB Gewerbeanmeldung (S00000009) in at most 1 s; the ratio to a plain lxml
parse of the same bytes shows what validation and mapping cost on top of parsing.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from lxml import etree

from rathaus.forms.definition import FieldDef, GroupDef, RuleKind, iter_elements
from rathaus.forms.fim import FimImportError, fim_import

GOAL_SECONDS = 1.0


def _fim_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    base = os.environ.get("RATHAUS_DATA_DIR")
    return Path(base) / "fim" if base else Path(__file__).resolve().parents[2] / "shared/data/fim"


def _line(path: Path, library: Path) -> str:
    started = time.perf_counter()
    try:
        result = fim_import(path.read_bytes(), filename=str(path), codelist_dirs=[library])
    except FimImportError as error:
        return f"{path.name[:60]:60}  abgelehnt: {error.problems[0][:80]}"
    ms = (time.perf_counter() - started) * 1000
    elements = iter_elements(result.form)
    fields = sum(isinstance(e, FieldDef) for e in elements)
    groups = sum(isinstance(e, GroupDef) for e in elements)
    report = result.report
    documented = sum(1 for rule in result.form.rules if rule.kind == RuleKind.DOCUMENTATION)
    return (
        f"{path.name[:60]:60}  XDF {report.xsd_version:5}  {fields:4} Felder  {groups:3} Gruppen  "
        f"Regeln {report.machine_rules:3}/{documented:<3}  "
        f"fehlende Listen {len(report.missing_codelists):2}  "
        f"Warnungen {len(report.warnings):3}  {ms:6.0f} ms"
    )


def _median(action: object, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    """Print one line per schema, then the Gewerbeanmeldung timing; 1 when over the goal."""
    fim = _fim_dir()
    library = fim / "codelists"
    for path in sorted(fim.glob("real/*/S*.xml*")):
        print(_line(path, library))
    path = next((fim / "real" / "S00000009").glob("S*.xml"))
    data = path.read_bytes()
    parse = _median(lambda: etree.fromstring(data))
    full = _median(lambda: fim_import(data, filename=str(path), codelist_dirs=[library]))
    print(
        f"\nGewerbeanmeldung ({len(data) // 1024} KB): Import {full * 1000:.0f} ms (Median aus 5), "
        f"lxml-Parse {parse * 1000:.1f} ms, Faktor {full / parse:.0f}; "
        f"Ziel ≤ {GOAL_SECONDS:.0f} s: {'erreicht' if full <= GOAL_SECONDS else 'VERFEHLT'}"
    )
    return 0 if full <= GOAL_SECONDS else 1


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.config.settings")
    django.setup()
    sys.exit(main())
