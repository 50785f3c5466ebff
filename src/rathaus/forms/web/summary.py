"""Check your answers: what a person gave, page by page, in readable form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rathaus.forms.definition import DataType, FieldDef, GroupDef, PageDef
from rathaus.forms.state import Context, FormState
from rathaus.forms.web.widgets import html_id, size_text


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    anchor: str


@dataclass(frozen=True)
class PageSummary:
    page_id: str
    title: str
    rows: list[Row]


def summarise(
    pages: tuple[PageDef, ...], state: FormState, answers: dict[str, Any], language: str
) -> list[PageSummary]:
    """Every visible, answered question with its answer, grouped by page."""
    reader = _Rows(state, language)
    return [
        PageSummary(
            page.id, page.title.get(language), reader.rows(page.elements, answers, "", "", ())
        )
        for page in pages
    ]


class _Rows:
    def __init__(self, state: FormState, language: str) -> None:
        self.state = state
        self.language = language

    def rows(
        self,
        elements: tuple[FieldDef | GroupDef, ...],
        data: dict[str, Any],
        prefix: str,
        path: str,
        context: Context,
    ) -> list[Row]:
        found: list[Row] = []
        for element in elements:
            value = data.get(element.id)
            if value is None or not self.state.visible(element.id, context):
                continue
            label = f"{prefix}{element.label.get(self.language)}"
            where = f"{path}{element.id}"
            if isinstance(element, GroupDef):
                found += self.group(element, value, label, where, context)
            elif element.type != DataType.STATIC:
                found.append(Row(label, answer_text(element, value, self.language), html_id(where)))
        return found

    def group(
        self, group: GroupDef, value: Any, label: str, where: str, context: Context
    ) -> list[Row]:
        found: list[Row] = []
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            number = f" {index + 1}" if group.is_repeated else ""
            inner = (*context, (group.id, index)) if group.is_repeated else context
            sub = f"{where}[{index}]." if group.is_repeated else f"{where}."
            data = item if isinstance(item, dict) else {}
            found += self.rows(group.children, data, f"{label}{number} – ", sub, inner)
        return found


def answer_text(field: FieldDef, value: Any, language: str) -> str:
    """One answer (or the answers of a repeated field) as a person reads it."""
    values = value if isinstance(value, list) else [value]
    return ", ".join(_one(field, item, language) for item in values)


def _one(field: FieldDef, value: Any, language: str) -> str:
    if field.type == DataType.BOOLEAN:
        yes, no = ("Yes", "No") if language == "en" else ("Ja", "Nein")
        return yes if value is True else no if value is False else str(value)
    if field.type == DataType.SELECT:
        labels = {c.value: c.label.get(language) for c in field.choices}
        return labels.get(str(value), str(value))
    if field.type == DataType.DATE and isinstance(value, str) and len(value) == 10:
        year, month, day = value.split("-")
        return f"{day}.{month}.{year}"
    if field.type == DataType.FILE and isinstance(value, dict):
        return f"{value.get('name', '')} ({size_text(value.get('size'), language)})"
    if field.type in (DataType.DECIMAL, DataType.CURRENCY):
        return str(value).replace(".", ",")
    return str(value)
