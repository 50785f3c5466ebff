"""A tqdm progress bar for the importers, quiet when asked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tqdm import tqdm

from rathaus.common.upsert import Progress, no_progress


def progress_bar(*, quiet: bool) -> Progress:
    """A progress wrapper that draws a bar on stderr, or nothing."""
    if quiet:
        return no_progress

    def wrap(items: Iterable[Any], description: str, total: int) -> Iterable[Any]:
        return tqdm(items, desc=description, total=total, unit=" Zeilen", leave=False)

    return wrap
