"""The functions rule expressions may call. Each returns null instead of failing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _today() -> dt.date:
    return dt.datetime.now(BERLIN).date()


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _years(start: Any, end: Any = None) -> int | None:
    """Full years from start to end (default today): an age."""
    first, last = _as_date(start), _as_date(end) if end is not None else _today()
    if first is None or last is None:
        return None
    return last.year - first.year - ((last.month, last.day) < (first.month, first.day))


def _days(start: Any, end: Any = None) -> int | None:
    first, last = _as_date(start), _as_date(end) if end is not None else _today()
    return None if first is None or last is None else (last - first).days


def _numbers(values: Sequence[Any]) -> list[Decimal]:
    flat = values[0] if len(values) == 1 and isinstance(values[0], list) else values
    return [
        Decimal(str(v))
        for v in flat
        if isinstance(v, int | float | Decimal) and not isinstance(v, bool)
    ]


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "empty": _empty,
    "filled": lambda value: not _empty(value),
    "len": lambda value: 0 if value is None else len(value),
    "count": lambda value: 0 if value is None else len(value) if isinstance(value, list) else 1,
    "sum": lambda *values: sum(_numbers(values), Decimal(0)),
    "min": lambda *values: min(_numbers(values), default=None),
    "max": lambda *values: max(_numbers(values), default=None),
    "abs": lambda value: abs(value),
    "round": lambda value, places=0: round(Decimal(str(value)), int(places)),
    "today": _today,
    "date": _as_date,
    "years": _years,
    "days": _days,
    "lower": lambda value: value.lower(),
    "contains": lambda container, item: item in container,
}


def call(function: Callable[..., Any], arguments: list[Any]) -> Any:
    """Call a rule function; wrong arguments give null, never an exception."""
    try:
        return function(*arguments)
    except (TypeError, ValueError, ArithmeticError, AttributeError):
        return None
