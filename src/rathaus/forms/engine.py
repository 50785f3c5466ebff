"""The form engine: a FormDef compiled once per published version into fast indexes.

`CompiledForm.build(form)` walks the definition once and keeps

- a flat index of every element (id → parent chain, repeated groups around it, page, the
  rules that can hide it, make it required or compute it, a precompiled value checker),
- every rule compiled with `compile_expression(expr, known=all ids)`,
- the evaluation order of the visibility, requiredness and compute rules (a rule runs after
  every rule whose result it reads; cycles are refused here, not at run time),
- the dependency graph (element id → rules that read it), from which `affected(id)` derives
  the rules to re-run after one changed answer.

Then `state(answers)` evaluates the rules (see forms/state.py), `validate(answers)` checks
a page or the whole submission (forms/validation.py) and `clean(answers)` drops answers for
hidden elements. Nothing here touches the database; the object is immutable and can be
cached per form version.

Scoping inside repeatable groups: a rule runs once per instance of the innermost repeatable
group that holds all its targets (its *anchor*; for a check without targets, all the names it
reads). A name then resolves first within that same instance, then outward through the
enclosing instances; a name inside a repeatable group the rule is not part of reads as the
list of its answers across all instances (`count(betrag)`, `sum(betrag)`). A hidden element
reads as null, so cleaning the answers never changes what a rule sees.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rathaus.forms.definition import DataType, FieldDef, FormDef, GroupDef, RuleDef, RuleKind
from rathaus.forms.expressions import Compiled, ExpressionError, compile_expression
from rathaus.forms.fieldchecks import FieldCheck, field_check
from rathaus.forms.state import FormState
from rathaus.forms.validation import Problem, clean, validate


class FormEngineError(ValueError):
    """The definition cannot be compiled (a bad expression, a cycle); the message is German."""


@dataclass(frozen=True, slots=True)
class ElementInfo:
    """What the engine needs to know about one element, found without walking the form."""

    id: str
    element: FieldDef | GroupDef
    page: str
    ancestors: tuple[str, ...]  # enclosing group ids, outermost first
    repeat_chain: tuple[str, ...]  # the repeatable groups among the ancestors
    visible_rules: tuple[int, ...]  # VISIBLE rules targeting it or an ancestor
    required_rules: tuple[int, ...]  # REQUIRED rules targeting it
    compute_rule: int | None
    check: FieldCheck | None  # None for groups and static texts

    @property
    def is_group(self) -> bool:
        return isinstance(self.element, GroupDef)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A compiled rule and the repeatable groups it runs per instance of."""

    index: int
    rule: RuleDef
    compiled: Compiled
    anchor: tuple[str, ...]
    pages: frozenset[str]


class CompiledForm:
    """A form definition indexed and compiled for evaluation; build once per version."""

    def __init__(
        self,
        form: FormDef,
        elements: dict[str, ElementInfo],
        rules: tuple[RuleInfo, ...],
        order: tuple[int, ...],
        readers: dict[str, frozenset[int]],
    ) -> None:
        self.form = form
        self.elements = elements
        self.rules = rules
        self.order = order  # visible/required/compute rules, dependencies first
        self.checks = tuple(r.index for r in rules if r.rule.kind == RuleKind.CHECK)
        self.top_level = tuple(e.id for page in form.pages for e in page.elements)
        self.top_level_ids = frozenset(self.top_level)
        # without a file field no upload is ever stored for a draft of this form
        self.takes_files = any(
            isinstance(info.element, FieldDef) and info.element.type == DataType.FILE
            for info in elements.values()
        )
        self._readers = readers
        self._affected: dict[str, tuple[int, ...]] = {}

    @classmethod
    def build(cls, form: FormDef) -> CompiledForm:
        """Index and compile `form`; refuses bad expressions and cyclic rules."""
        layout = _layout(form)
        known = frozenset(layout)
        rules = tuple(_compile_rule(i, rule, known, layout) for i, rule in enumerate(form.rules))
        by_target: dict[tuple[RuleKind, str], list[int]] = {}
        for info in rules:
            for target in info.rule.targets:
                by_target.setdefault((info.rule.kind, target), []).append(info.index)
        elements = {
            element_id: _element_info(element_id, page, element, ancestors, by_target, layout)
            for element_id, (page, element, ancestors) in layout.items()
        }
        order = _evaluation_order(rules, elements)
        return cls(form, elements, rules, order, _readers(rules, elements))

    def state(self, answers: dict[str, Any]) -> FormState:
        """Visibility, requiredness and computed values for this answer set."""
        return FormState.evaluate(self, answers)

    def validate(
        self, answers: Any, *, page: str | None = None, strict: bool = True
    ) -> list[Problem]:
        """Every problem of one page (`page` id) or of the whole submission."""
        return validate(self, answers, page=page, strict=strict)

    def clean(self, answers: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """The answers without those for hidden elements, and the paths that were dropped."""
        return clean(self, answers)

    def affected(self, changed: str) -> tuple[int, ...]:
        """The rules to re-run, in evaluation order, after the answer `changed` changed."""
        cached = self._affected.get(changed)
        if cached is None:
            cached = self._affected[changed] = self._closure(changed)
        return cached

    def _closure(self, changed: str) -> tuple[int, ...]:
        if changed not in self.elements:
            raise KeyError(changed)
        found: set[int] = set(self._readers.get(changed, ()))
        pending = list(found)
        while pending:
            rule = self.rules[pending.pop()].rule
            if rule.kind in (RuleKind.VISIBLE, RuleKind.COMPUTE):
                for target in rule.targets:
                    fresh = self._readers.get(target, frozenset()) - found
                    found |= fresh
                    pending.extend(fresh)
        return tuple(index for index in self.order if index in found)

    def page_ids(self) -> tuple[str, ...]:
        """The ids of the pages, in order."""
        return tuple(page.id for page in self.form.pages)


_Layout = dict[str, tuple[str, FieldDef | GroupDef, tuple[GroupDef, ...]]]


def _layout(form: FormDef) -> _Layout:
    """element id → (page id, element, enclosing groups outermost first)."""
    layout: _Layout = {}

    def walk(
        page: str, elements: Iterable[FieldDef | GroupDef], parents: tuple[GroupDef, ...]
    ) -> None:
        for element in elements:
            layout[element.id] = (page, element, parents)
            if isinstance(element, GroupDef):
                walk(page, element.children, (*parents, element))

    for page in form.pages:
        walk(page.id, page.elements, ())
    return layout


def _chain(element_id: str, layout: _Layout, *, inclusive: bool) -> tuple[str, ...]:
    """The repeatable groups around an element (and the element itself if `inclusive`)."""
    _, element, parents = layout[element_id]
    chain = tuple(g.id for g in parents if g.is_repeated)
    if inclusive and isinstance(element, GroupDef) and element.is_repeated:
        chain = (*chain, element.id)
    return chain


def _common_prefix(chains: list[tuple[str, ...]]) -> tuple[str, ...]:
    if not chains:
        return ()
    prefix = chains[0]
    for chain in chains[1:]:
        size = 0
        while size < min(len(prefix), len(chain)) and prefix[size] == chain[size]:
            size += 1
        prefix = prefix[:size]
    return prefix


def _compile_rule(index: int, rule: RuleDef, known: frozenset[str], layout: _Layout) -> RuleInfo:
    if rule.kind == RuleKind.DOCUMENTATION:
        compiled = compile_expression("true")
    else:
        try:
            compiled = compile_expression(rule.expression, known)
        except ExpressionError as error:
            raise FormEngineError(f"Regel {rule.id}: {error}") from None
    if rule.targets:
        anchor = _common_prefix([_chain(t, layout, inclusive=False) for t in rule.targets])
        pages = frozenset(layout[t][0] for t in rule.targets)
    else:
        anchor = _common_prefix([_chain(n, layout, inclusive=False) for n in compiled.names])
        pages = frozenset(layout[n][0] for n in compiled.names)
    return RuleInfo(index, rule, compiled, anchor, pages)


def _element_info(
    element_id: str,
    page: str,
    element: FieldDef | GroupDef,
    parents: tuple[GroupDef, ...],
    by_target: dict[tuple[RuleKind, str], list[int]],
    layout: _Layout,
) -> ElementInfo:
    ancestors = tuple(g.id for g in parents)
    visible = [
        i for g in (*ancestors, element_id) for i in by_target.get((RuleKind.VISIBLE, g), [])
    ]
    computes = by_target.get((RuleKind.COMPUTE, element_id), [])
    if len(computes) > 1:
        raise FormEngineError(f"{element_id} wird von mehreren Regeln berechnet")
    is_input = isinstance(element, FieldDef) and element.is_input
    return ElementInfo(
        id=element_id,
        element=element,
        page=page,
        ancestors=ancestors,
        repeat_chain=_chain(element_id, layout, inclusive=False),
        visible_rules=tuple(sorted(set(visible))),
        required_rules=tuple(by_target.get((RuleKind.REQUIRED, element_id), [])),
        compute_rule=computes[0] if computes else None,
        check=field_check(element) if is_input and isinstance(element, FieldDef) else None,
    )


def _evaluation_order(
    rules: tuple[RuleInfo, ...], elements: dict[str, ElementInfo]
) -> tuple[int, ...]:
    """Visible/required/compute rules so that a rule runs after those whose results it reads."""
    stateful = [
        r for r in rules if r.rule.kind in (RuleKind.VISIBLE, RuleKind.REQUIRED, RuleKind.COMPUTE)
    ]
    needs: dict[int, set[int]] = {}
    for info in stateful:
        before: set[int] = set()
        for name in info.compiled.names:
            element = elements[name]
            before.update(element.visible_rules)
            if element.compute_rule is not None:
                before.add(element.compute_rule)
        needs[info.index] = before
    order: list[int] = []
    state: dict[int, int] = {}  # 1: in progress, 2: done

    def visit(index: int, path: list[int]) -> None:
        if state.get(index) == 2:
            return
        if state.get(index) == 1:
            cycle = " → ".join(rules[i].rule.id for i in (*path[path.index(index) :], index))
            raise FormEngineError(f"Die Regeln hängen im Kreis voneinander ab: {cycle}")
        state[index] = 1
        for dependency in sorted(needs[index]):
            visit(dependency, [*path, index])
        state[index] = 2
        order.append(index)

    for info in stateful:
        visit(info.index, [])
    return tuple(order)


def _readers(
    rules: tuple[RuleInfo, ...], elements: dict[str, ElementInfo]
) -> dict[str, frozenset[int]]:
    """element id → stateful rules whose result can change when its answer changes.

    A rule reading an element is affected by changes to it, to any group around it (the group
    value holds it) and to anything inside it; a rule anchored in a repeatable group is
    affected when that group's instances change.
    """
    descendants: dict[str, list[str]] = {}
    for element in elements.values():
        for ancestor in element.ancestors:
            descendants.setdefault(ancestor, []).append(element.id)
    readers: dict[str, set[int]] = {}
    for info in rules:
        if info.rule.kind not in (RuleKind.VISIBLE, RuleKind.REQUIRED, RuleKind.COMPUTE):
            continue
        touched: set[str] = set()
        for group in info.anchor:
            touched.add(group)
            touched.update(elements[group].ancestors)
        for name in info.compiled.names:
            touched.add(name)
            touched.update(elements[name].ancestors)
            touched.update(descendants.get(name, ()))
        for element_id in touched:
            readers.setdefault(element_id, set()).add(info.index)
    return {key: frozenset(value) for key, value in readers.items()}
