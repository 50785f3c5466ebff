"""Turning what a browser posts (strings, files) into typed answers the engine checks.

Names in the HTML are the data paths of the engine ("hund[1].rasse"); a repeatable group or
field posts its number of instances as "<path>.anzahl". What cannot be converted stays the
raw text, so the engine reports it with its usual message ("muss eine ganze Zahl sein").
Files arrive already stored and checked (the page layer does that): as the references the
answers keep, by the path of their file input, which posts all files of a field at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rathaus.forms.definition import DataType, FieldDef, GroupDef, PageDef
from rathaus.forms.fieldchecks import FILE_KEYS

MAX_INSTANCES = 100


Files = Mapping[str, Sequence[dict[str, Any]]]


def count_name(path: str) -> str:
    """The hidden input that carries how many instances a repeatable element has."""
    return f"{path}.anzahl"


def instance_count(post: Mapping[str, Any], path: str, minimum: int, maximum: int | None) -> int:
    """How many instances the page showed, within the element's bounds."""
    raw = str(post.get(count_name(path), ""))
    number = int(raw) if raw.isdigit() else max(minimum, 1)
    upper = maximum if maximum is not None else MAX_INSTANCES
    return max(min(number, upper, MAX_INSTANCES), minimum)


def parse_page(
    page: PageDef,
    post: Mapping[str, Any],
    files: Files,
    previous: dict[str, Any],
) -> dict[str, Any]:
    """The answers of one page, keyed by its top-level element ids (unanswered: absent)."""
    answers: dict[str, Any] = {}
    for element in page.elements:
        value = _element(element, element.id, post, files, previous.get(element.id))
        if value is not None:
            answers[element.id] = value
    return answers


def _element(
    element: FieldDef | GroupDef,
    path: str,
    post: Mapping[str, Any],
    files: Files,
    previous: Any,
) -> Any:
    if isinstance(element, GroupDef):
        if element.is_repeated:
            count = instance_count(post, path, element.min_items, element.max_items)
            items = [
                _group(element, f"{path}[{i}]", post, files, _at(previous, i)) for i in range(count)
            ]
            # empty instances beyond the minimum vanish; those within it stay, so their
            # required fields are reported where the person sees them
            kept = items[: element.min_items] + [i for i in items[element.min_items :] if i]
            return kept or None
        return _group(element, path, post, files, previous) or None
    if element.type == DataType.FILE:
        return _files(element, files.get(path, ()), previous)
    if element.is_repeated:
        count = instance_count(post, path, element.min_items, element.max_items)
        values = [_field(element, f"{path}[{i}]", post) for i in range(count)]
        kept = [value for value in values if value is not None]
        return kept or None
    return _field(element, path, post)


def _group(
    group: GroupDef,
    path: str,
    post: Mapping[str, Any],
    files: Files,
    previous: Any,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    earlier = previous if isinstance(previous, dict) else {}
    for child in group.children:
        value = _element(child, f"{path}.{child.id}", post, files, earlier.get(child.id))
        if value is not None:
            result[child.id] = value
    return result


def _at(previous: Any, index: int) -> Any:
    return previous[index] if isinstance(previous, list) and index < len(previous) else None


def _field(field: FieldDef, path: str, post: Mapping[str, Any]) -> Any:
    kind = field.type
    if kind == DataType.STATIC:
        return None
    if kind == DataType.DATE:
        return parse_date(*(str(post.get(f"{path}.{part}", "")) for part in DATE_PARTS))
    text = str(post.get(path, "")).strip()
    if not text:
        return None
    return _CONVERT.get(kind, _text)(text)


DATE_PARTS = ("tag", "monat", "jahr")


def parse_date(day: str, month: str, year: str) -> Any:
    """Three GOV.UK-style inputs → "YYYY-MM-DD"; anything unclear stays as typed."""
    parts = [day.strip(), month.strip(), year.strip()]
    if not any(parts):
        return None
    if all(part.isdigit() for part in parts) and len(parts[2]) == 4:
        return f"{parts[2]}-{int(parts[1]):02d}-{int(parts[0]):02d}"
    return ".".join(parts)


def _text(text: str) -> str:
    return text


def _integer(text: str) -> Any:
    compact = text.replace(" ", "").replace(".", "")
    return int(compact) if re.fullmatch(r"[+-]?\d{1,15}", compact) else text


def _number_text(text: str) -> str | None:
    """German or English notation → "1234.5": "1.234,5", "1234,5", "1234.5"."""
    compact = text.replace(" ", "").replace("€", "")
    if "," in compact:
        compact = compact.replace(".", "").replace(",", ".")
    return compact if re.fullmatch(r"[+-]?\d{1,15}(\.\d+)?", compact) else None


def _decimal(text: str) -> Any:
    number = _number_text(text)
    return float(number) if number is not None else text


def _currency(text: str) -> Any:
    number = _number_text(text)
    return number if number is not None else text


def _boolean(text: str) -> Any:
    return {"ja": True, "nein": False}.get(text, text)


_CONVERT = {
    DataType.INTEGER: _integer,
    DataType.DECIMAL: _decimal,
    DataType.CURRENCY: _currency,
    DataType.BOOLEAN: _boolean,
}


def _files(field: FieldDef, new: Sequence[dict[str, Any]], previous: Any) -> Any:
    """A repeated file field gains the new files; a single one is replaced by the newest."""
    if field.is_repeated:
        kept = previous if isinstance(previous, list) else []
        return [*kept, *new] or None
    return dict(new[-1]) if new else previous


def file_references(value: Any) -> list[dict[str, Any]]:
    """Every file reference anywhere in an answer set (or in one answer)."""
    if isinstance(value, dict):
        if value.keys() - {"id"} == FILE_KEYS:
            return [value]
        return [ref for item in value.values() for ref in file_references(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in file_references(item)]
    return []
