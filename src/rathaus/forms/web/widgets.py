"""What a page template shows: one widget per visible element, with values and errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rathaus.forms.definition import DataType, FieldDef, GroupDef, PageDef, Text
from rathaus.forms.state import Context, FormState
from rathaus.forms.validation import Problem
from rathaus.forms.web.inputs import DATE_PARTS, count_name

RADIO_LIMIT = 8  # more choices than this become a drop-down list


def html_id(path: str) -> str:
    """A safe HTML id for a data path: "hund[1].rasse" → "f-hund-1-rasse"."""
    return "f-" + re.sub(r"[^A-Za-z0-9_]+", "-", path).strip("-")


@dataclass
class Widget:
    """One element as the template renders it."""

    kind: str  # field type, "group" or "static"
    path: str
    label: str
    help: str = ""
    required: bool = False
    value: Any = None
    errors: list[str] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)
    autocomplete: str = ""
    date: dict[str, str] = field(default_factory=dict)
    instances: list[Instance] = field(default_factory=list)
    repeatable: bool = False
    can_add: bool = False
    count_name: str = ""
    files: list[UploadedFile] = field(default_factory=list)
    file_hint: str = ""

    @property
    def id(self) -> str:
        return html_id(self.path)

    @property
    def focus_id(self) -> str:
        """Where an error-summary link should put the focus: the first input."""
        if self.kind == DataType.DATE:
            return f"{self.id}-tag"
        if self.kind == DataType.BOOLEAN:
            return f"{self.id}-ja"
        if self.as_radios and self.choices:
            return f"{self.id}-1"
        return self.id

    @property
    def as_radios(self) -> bool:
        return self.kind == DataType.BOOLEAN or (
            self.kind == DataType.SELECT and len(self.choices) <= RADIO_LIMIT
        )


@dataclass(frozen=True)
class UploadedFile:
    """A file already uploaded to a file field, as its widget lists it."""

    id: str
    name: str
    size: str


@dataclass
class Instance:
    """One instance of a (repeatable) group: its widgets and whether it can be removed."""

    path: str
    number: int
    widgets: list[Widget]
    removable: bool = False


class WidgetBuilder:
    """Builds the widgets of a page for one answer set, state and problem list."""

    def __init__(self, state: FormState, problems: list[Problem], language: str) -> None:
        self.state = state
        self.language = language
        self.errors: dict[str, list[str]] = {}
        for problem in problems:
            self.errors.setdefault(problem.path, []).append(problem.message.get(language))

    def page(self, page: PageDef, answers: dict[str, Any]) -> list[Widget]:
        """The visible widgets of a page."""
        return self._elements(page.elements, "", (), answers)

    def _elements(
        self,
        elements: tuple[FieldDef | GroupDef, ...],
        prefix: str,
        context: Context,
        data: dict[str, Any],
    ) -> list[Widget]:
        widgets = []
        for element in elements:
            if not self.state.visible(element.id, context):
                continue
            path = f"{prefix}{element.id}"
            value = data.get(element.id)
            if isinstance(element, GroupDef):
                widgets.append(self._group(element, path, context, value))
            else:
                widgets.append(self._field(element, path, context, value))
        return widgets

    def _text(self, text: Text | None) -> str:
        return text.get(self.language) if text else ""

    def _group(self, group: GroupDef, path: str, context: Context, value: Any) -> Widget:
        widget = Widget(
            kind="group",
            path=path,
            label=self._text(group.label),
            help=self._text(group.help),
            errors=self.errors.get(path, []),
            repeatable=group.is_repeated,
            count_name=count_name(path),
        )
        if not group.is_repeated:
            data = value if isinstance(value, dict) else {}
            widget.instances = [
                Instance(path, 1, self._elements(group.children, f"{path}.", context, data))
            ]
            return widget
        items = value if isinstance(value, list) else []
        count = max(len(items), group.min_items, 1)
        for index in range(count):
            data = items[index] if index < len(items) and isinstance(items[index], dict) else {}
            inner = (*context, (group.id, index))
            widget.instances.append(
                Instance(
                    f"{path}[{index}]",
                    index + 1,
                    self._elements(group.children, f"{path}[{index}].", inner, data),
                    removable=count > group.min_items and count > 1,
                )
            )
        widget.can_add = group.max_items is None or count < group.max_items
        return widget

    def _field(self, element: FieldDef, path: str, context: Context, value: Any) -> Widget:
        widget = Widget(
            kind=element.type.value if element.type != DataType.STATIC else "static",
            path=path,
            label=self._text(element.label),
            help=self._text(element.help),
            required=self.state.required(element.id, context),
            errors=self.errors.get(path, []),
            autocomplete=element.autocomplete or "",
            choices=[(c.value, c.label.get(self.language)) for c in element.choices],
        )
        widget.value = _display(element.type, value)
        if element.type == DataType.DATE:
            widget.date = _date_parts(value)
        if element.type == DataType.FILE:
            widget.repeatable = element.is_repeated
            widget.files = [
                UploadedFile(
                    str(ref.get("id", "")),
                    str(ref.get("name", "")),
                    size_text(ref.get("size"), self.language),
                )
                for ref in (value if isinstance(value, list) else [value] if value else [])
                if isinstance(ref, dict)
            ]
        return widget


def _display(kind: DataType, value: Any) -> Any:
    if value is None:
        return ""
    if kind == DataType.BOOLEAN:
        return {True: "ja", False: "nein"}.get(value, str(value))
    if kind in (DataType.DECIMAL, DataType.CURRENCY) and not isinstance(value, str):
        return f"{value:g}".replace(".", ",")
    if kind in (DataType.DECIMAL, DataType.CURRENCY):
        return value.replace(".", ",")
    if kind == DataType.FILE:
        return value.get("name", "") if isinstance(value, dict) else ""
    return value


def _date_parts(value: Any) -> dict[str, str]:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        year, month, day = value.split("-")
        return {"tag": str(int(day)), "monat": str(int(month)), "jahr": year}
    if isinstance(value, str) and value.count(".") == 2:
        return dict(zip(DATE_PARTS, value.split("."), strict=True))
    return {}


def focus_targets(widgets: list[Widget]) -> dict[str, str]:
    """Every widget's id → the id its error link should focus (groups included)."""
    targets: dict[str, str] = {}
    for widget in widgets:
        targets[widget.id] = widget.focus_id
        for instance in widget.instances:
            targets.update(focus_targets(instance.widgets))
    return targets


def size_text(size: Any, language: str) -> str:
    """A file size as people read it: "830 Bytes", "12 KB", "1,4 MB" (German decimal comma)."""
    number = size if isinstance(size, int | float) and not isinstance(size, bool) else 0
    if number < 1024:
        return f"{int(number)} Bytes"
    if number < 1024 * 1024:
        return f"{round(number / 1024)} KB"
    text = f"{number / (1024 * 1024):.1f} MB"
    return text if language == "en" else text.replace(".", ",")
