"""Validating submission data ("Fachdaten") against a compiled form, per page or whole.

The data is an object keyed by the ids of the top-level elements of all pages; a group is an
object of its children, a repeatable group (max_items != 1) an array of such objects, a
repeated field an array of values. Unanswered optional elements are absent, never null.
A non-repeatable group with min_items >= 1 that is absent is checked as if it were `{}`
(so its required fields are reported); with min_items 0 it is optional as a whole.

Answers for hidden elements are a problem ("hidden") when `strict`, otherwise ignored;
`clean` removes them. Unknown keys are reported inside groups always, at the top level only
when the whole form is validated (a page does not know the other pages' data).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rathaus.forms.definition import FieldDef, GroupDef, PageDef, Text
from rathaus.forms.fieldchecks import message, required_code, unknown_message
from rathaus.forms.state import Context, FormState, element_path

if TYPE_CHECKING:
    from rathaus.forms.engine import CompiledForm


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the answers: where ("G1[0].F2"), what (code) and the message."""

    path: str
    code: str
    message: Text


_NOT_AN_OBJECT = Text(de="Die Angaben müssen ein Objekt sein", en="The answers must be an object")


def validate(
    form: CompiledForm, answers: Any, *, page: str | None = None, strict: bool = True
) -> list[Problem]:
    """Every problem of one page (`page` id) or of the whole submission, in form order."""
    if not isinstance(answers, dict):
        return [Problem("", "object", _NOT_AN_OBJECT)]
    state = form.state(answers)
    walker = _Walker(form, state, strict)
    if page is None:
        elements = form.top_level
        walker.unknown(answers, form.top_level_ids, "")
        checks = form.checks
    else:
        elements = tuple(e.id for e in _page(form, page).elements)
        checks = tuple(i for i in form.checks if page in form.rules[i].pages)
    walker.walk(elements, answers, (), "")
    for index, context in state.check_failures(checks):
        rule = form.rules[index].rule
        path = element_path(form, rule.targets[0], context) if rule.targets else ""
        assert rule.message is not None  # the definition guarantees it for checks
        walker.problems.append(Problem(path, "check", rule.message))
    return walker.problems


def clean(form: CompiledForm, answers: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A copy of the answers without those for hidden elements, and the dropped paths.

    Hidden elements read as null in rules, so dropping them changes no rule's result."""
    state = form.state(answers)
    dropped: list[str] = []
    cleaned = _clean_object(form, state, answers, (), "", dropped)
    return cleaned, dropped


def _page(form: CompiledForm, page_id: str) -> PageDef:
    for page in form.form.pages:
        if page.id == page_id:
            return page
    raise KeyError(f"Seite {page_id} gibt es in diesem Formular nicht")


def _clean_object(
    form: CompiledForm,
    state: FormState,
    data: dict[str, Any],
    context: Context,
    prefix: str,
    dropped: list[str],
) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        info = form.elements.get(key)
        if info is None or not isinstance(info.element, GroupDef):
            if info is not None and not state.visible(key, context):
                dropped.append(prefix + key)
            else:
                cleaned[key] = value
            continue
        if not state.visible(key, context):
            dropped.append(prefix + key)
        elif info.element.is_repeated and isinstance(value, list):
            cleaned[key] = [
                _clean_object(
                    form, state, item, (*context, (key, i)), f"{prefix}{key}[{i}].", dropped
                )
                if isinstance(item, dict)
                else item
                for i, item in enumerate(value)
            ]
        elif isinstance(value, dict):
            cleaned[key] = _clean_object(form, state, value, context, f"{prefix}{key}.", dropped)
        else:
            cleaned[key] = value
    return cleaned


class _Walker:
    """Walks the definition alongside the data, collecting problems."""

    def __init__(self, form: CompiledForm, state: FormState, strict: bool) -> None:
        self.form = form
        self.elements = form.elements
        self.state = state
        self.strict = strict
        self.problems: list[Problem] = []

    def unknown(self, data: dict[str, Any], known: frozenset[str], prefix: str) -> None:
        for key in data:
            if key not in known:
                self.problems.append(
                    Problem(prefix + str(key), "unknown", unknown_message(str(key)))
                )

    def walk(
        self, element_ids: tuple[str, ...], data: dict[str, Any], context: Context, prefix: str
    ) -> None:
        state = self.state
        for element_id in element_ids:
            info = self.elements[element_id]
            path = prefix + element_id
            present = element_id in data
            if info.visible_rules and not state.visible(element_id, context):
                if present and self.strict:
                    self._add(path, "hidden", info.element)
                continue
            element = info.element
            if isinstance(element, GroupDef):
                self.group(element, data.get(element_id), present, context, path)
            elif not present:
                if state.required(element_id, context):
                    self._add(path, required_code(element), element)
            else:
                self.field(element, data[element_id], context, path)

    def field(self, element: FieldDef, value: Any, context: Context, path: str) -> None:
        check = self.elements[element.id].check
        if check is None:
            self._add(path, "static", element)
            return
        if not element.is_repeated:
            failure = check(value)
            if failure is not None:
                self.problems.append(Problem(path, *failure))
            return
        if not isinstance(value, list):
            self._add(path, "list", element)
            return
        if self._counts(element, value, context, path):
            return
        for i, item in enumerate(value):
            failure = check(item)
            if failure is not None:
                self.problems.append(Problem(f"{path}[{i}]", *failure))

    def group(
        self, element: GroupDef, value: Any, present: bool, context: Context, path: str
    ) -> None:
        required = self.state.required(element.id, context)
        if element.is_repeated:
            self._repeated_group(element, value, present, required, context, path)
        elif not present and required:
            self._add(path, "required", element)
        elif present or element.min_items > 0:
            value = value if present else {}
            if isinstance(value, dict):
                self._children(element, value, context, path + ".")
            else:
                self._add(path, "object", element)

    def _repeated_group(
        self,
        element: GroupDef,
        value: Any,
        present: bool,
        required: bool,
        context: Context,
        path: str,
    ) -> None:
        if not present:
            if required or element.min_items > 0:
                self._add(path, "required_group", element)
            return
        if not isinstance(value, list):
            self._add(path, "list", element)
            return
        self._counts(element, value, context, path)
        for i, item in enumerate(value):
            where = f"{path}[{i}]"
            if isinstance(item, dict):
                self._children(element, item, (*context, (element.id, i)), where + ".")
            else:
                self._add(where, "object", element)

    def _children(
        self, group: GroupDef, data: dict[str, Any], context: Context, prefix: str
    ) -> None:
        ids = tuple(child.id for child in group.children)
        self.unknown(data, frozenset(ids), prefix)
        self.walk(ids, data, context, prefix)

    def _counts(
        self, element: FieldDef | GroupDef, value: list[Any], context: Context, path: str
    ) -> bool:
        """Reports a wrong number of items; True when it did."""
        if not value and (element.min_items > 0 or self.state.required(element.id, context)):
            self._add(path, required_code(element), element)
            return True
        if len(value) < element.min_items:
            self._add(path, "too_few", element, element.min_items)
            return True
        if element.max_items is not None and len(value) > element.max_items:
            self._add(path, "too_many", element, element.max_items)
            return True
        return False

    def _add(
        self, path: str, code: str, element: FieldDef | GroupDef, value: object = None
    ) -> None:
        self.problems.append(Problem(path, code, message(code, element, value)))
