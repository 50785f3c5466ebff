"""Adding and removing instances of repeatable groups, addressed by data path (no JS)."""

from __future__ import annotations

import re
from typing import Any

_STEP = re.compile(r"([A-Za-z][A-Za-z0-9_]*)(?:\[(\d+)\])?")


def _container(answers: dict[str, Any], path: str) -> tuple[list[Any], int | None] | None:
    """The list a path points into ("a[0].b" → answers["a"][0]["b"]), created if missing."""
    steps = path.split(".")
    current: Any = answers
    for number, step in enumerate(steps):
        match = _STEP.fullmatch(step)
        if match is None or not isinstance(current, dict):
            return None
        key, index = match.group(1), match.group(2)
        last = number == len(steps) - 1
        if last:
            items = current.setdefault(key, [])
            if not isinstance(items, list):
                return None
            return items, int(index) if index is not None else None
        current = current.get(key)
        if index is not None:
            if not isinstance(current, list) or int(index) >= len(current):
                return None
            current = current[int(index)]
    return None


def instance_add(answers: dict[str, Any], path: str, shown: int) -> None:
    """Make room for one more instance after the `shown` ones on the page."""
    found = _container(answers, path)
    if found is None:
        return
    items, _ = found
    while len(items) < shown + 1:
        items.append({})


def instance_remove(answers: dict[str, Any], path: str) -> None:
    """Remove the instance "group[i]" the person asked to remove."""
    found = _container(answers, path)
    if found is None:
        return
    items, index = found
    if index is not None and 0 <= index < len(items):
        del items[index]
