"""Running one import by name; shared by `rathaus import` and `rathaus demo`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from rathaus.authorities.services import authorities_generate
from rathaus.catalog.services import DEFAULT_RULES, catalog_import, rules_load
from rathaus.commands.datadir import require_data_dir
from rathaus.commands.progress import progress_bar
from rathaus.common.csvimport import ImportReport
from rathaus.territory.services import regions_import

KINDS = ("regions", "catalog", "rules", "authorities")


def run_import(kind: str, directory: str | None, *, quiet: bool = True) -> ImportReport:
    """Run one import by name; shared by `import` and `demo`."""
    progress = progress_bar(quiet=quiet)
    if kind == "rules":
        return rules_load(path=Path(directory) if directory else DEFAULT_RULES)
    if kind == "authorities":
        return authorities_generate()
    path = require_data_dir(directory, needs=("territory",) if kind == "regions" else ("catalog",))
    if kind == "regions":
        return regions_import(directory=path, progress=progress)
    if kind == "catalog":
        return catalog_import(directory=path, progress=progress)
    raise CommandError(f"unbekannte Art {kind!r}")
