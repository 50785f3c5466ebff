"""The state of a form for one answer set: what is shown, what is required, what is computed.

Results are kept per rule and per *context*: the instances of the repeatable groups the rule
runs in, as ((group id, index), …) outermost first; `()` outside repeatable groups. See
forms/engine.py for how names resolve inside repeatable groups.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rathaus.forms.expressions import Scope

if TYPE_CHECKING:
    from rathaus.forms.engine import CompiledForm, ElementInfo

Context = tuple[tuple[str, int], ...]
Results = dict[int, dict[Context, Any]]


class FormState:
    """Rule results for one answer set; `update` re-runs only what a change affects."""

    def __init__(
        self, form: CompiledForm, answers: dict[str, Any], results: Results, evaluations: int
    ) -> None:
        self.form = form
        self.answers = answers
        self.results = results
        self.evaluations = evaluations  # rule evaluations it took to get here (for tests)

    @classmethod
    def evaluate(cls, form: CompiledForm, answers: dict[str, Any]) -> FormState:
        """Run every visibility, requiredness and compute rule once, dependencies first."""
        runner = _Runner(form, answers, {})
        runner.run(form.order)
        return cls(form, answers, runner.results, runner.evaluations)

    def update(self, changed: str, answers: dict[str, Any]) -> FormState:
        """The state after the answer `changed` (an element id) changed to what `answers` hold.

        Re-runs only the rules that read `changed` (or a group around or inside it), and,
        transitively, the rules reading what those hide or compute.
        """
        runner = _Runner(self.form, answers, dict(self.results))
        runner.run(self.form.affected(changed))
        return FormState(self.form, answers, runner.results, runner.evaluations)

    def visible(self, element_id: str, context: Context = ()) -> bool:
        """Whether the element is shown (in the given instance of its repeatable groups)."""
        return _visible(self.form, self.results, self.form.elements[element_id], context)

    def required(self, element_id: str, context: Context = ()) -> bool:
        """Whether the element must be answered now: shown, and required statically or by a
        true REQUIRED rule. Computed fields are never required from the person."""
        info = self.form.elements[element_id]
        if not _visible(self.form, self.results, info, context):
            return False
        return _required(self.form, self.results, info, context)

    def value(self, element_id: str, context: Context = ()) -> Any:
        """What rules read for the element: its computed value or answer, null when hidden."""
        return _Runner(self.form, self.answers, self.results).lookup(element_id, context)

    @property
    def hidden_ids(self) -> frozenset[str]:
        """Elements outside repeatable groups that are hidden now."""
        return frozenset(
            info.id
            for info in self.form.elements.values()
            if not info.repeat_chain and not _visible(self.form, self.results, info, ())
        )

    @property
    def visible_ids(self) -> frozenset[str]:
        """Elements outside repeatable groups that are shown now."""
        return (
            frozenset(info.id for info in self.form.elements.values() if not info.repeat_chain)
            - self.hidden_ids
        )

    @property
    def required_ids(self) -> frozenset[str]:
        """Elements outside repeatable groups that must be answered now."""
        return frozenset(
            info.id
            for info in self.form.elements.values()
            if not info.repeat_chain and self.required(info.id)
        )

    @property
    def computed(self) -> dict[str, Any]:
        """Computed values by path ("betrag", "kinder[1].alter")."""
        found: dict[str, Any] = {}
        for info in self.form.elements.values():
            if info.compute_rule is None:
                continue
            for context, value in self.results.get(info.compute_rule, {}).items():
                found[element_path(self.form, info.id, context)] = value
        return found

    def check_failures(self, rule_indices: tuple[int, ...]) -> Iterator[tuple[int, Context]]:
        """The (CHECK rule, context) pairs whose expression is false; hidden targets skip."""
        runner = _Runner(self.form, self.answers, self.results)
        for index in rule_indices:
            info = self.form.rules[index]
            targets = info.rule.targets
            for context in runner.instances(info.anchor):
                if targets and not any(
                    _visible(self.form, self.results, self.form.elements[t], context)
                    for t in targets
                ):
                    continue
                if not info.compiled(runner.scope(context)):
                    yield index, context


def element_path(form: CompiledForm, element_id: str, context: Context) -> str:
    """The path of an element in the submission data, e.g. "G1[0].F2"."""
    info = form.elements[element_id]
    indices = dict(context)
    parts = [
        f"{group}[{indices[group]}]" if group in indices else group
        for group in (*info.ancestors, element_id)
    ]
    return ".".join(parts)


def _visible(form: CompiledForm, results: Results, info: ElementInfo, context: Context) -> bool:
    for index in info.visible_rules:
        size = len(form.rules[index].anchor)
        if not results.get(index, {}).get(context[:size]):
            return False
    return True


def _required(form: CompiledForm, results: Results, info: ElementInfo, context: Context) -> bool:
    if info.compute_rule is not None or (info.check is None and not info.is_group):
        return False  # computed fields and static texts take no answer from the person
    element = info.element
    if getattr(element, "required", False):
        return True
    for index in info.required_rules:
        size = len(form.rules[index].anchor)
        if results.get(index, {}).get(context[:size]):
            return True
    return False


class _Runner:
    """Evaluates rules against one answer set, writing into `results`."""

    def __init__(self, form: CompiledForm, answers: dict[str, Any], results: Results) -> None:
        self.form = form
        self.elements = form.elements
        self.answers = answers
        self.results = results
        self.evaluations = 0
        self._top: Scope = self._top_lookup

    def run(self, indices: tuple[int, ...]) -> None:
        rules = self.form.rules
        for index in indices:
            info = rules[index]
            if not info.anchor:
                self.results[index] = {(): info.compiled.evaluate(self._top)}
                self.evaluations += 1
                continue
            per_context: dict[Context, Any] = {}
            for context in self.instances(info.anchor):
                per_context[context] = info.compiled.evaluate(self.scope(context))
                self.evaluations += 1
            self.results[index] = per_context

    def scope(self, context: Context) -> Scope:
        if not context:
            return self._top
        return lambda name: self.lookup(name, context)

    def _top_lookup(self, name: str) -> Any:
        info = self.elements[name]
        if info.repeat_chain:
            return self._lookup_repeated(info, ())
        if info.visible_rules and not _visible(self.form, self.results, info, ()):
            return None
        if info.compute_rule is not None:
            return self.results.get(info.compute_rule, {}).get(())
        value: Any = self.answers
        for key in info.ancestors:
            value = value.get(key) if isinstance(value, dict) else None
        return value.get(name) if isinstance(value, dict) else None

    def lookup(self, name: str, context: Context) -> Any:
        info = self.elements[name]
        if not info.repeat_chain:
            return self._top_lookup(name)
        return self._lookup_repeated(info, context)

    def _containers(
        self, info: ElementInfo, context: Context
    ) -> tuple[list[tuple[Any, Context]], bool]:
        """The objects holding the element, with their contexts; fanned out over instances
        of repeatable groups that `context` does not fix."""
        fixed = dict(context)
        found: list[tuple[Any, Context]] = [(self.answers, ())]
        fanned = False
        for group in info.ancestors:
            repeated = group in info.repeat_chain
            following: list[tuple[Any, Context]] = []
            for container, where in found:
                value = container.get(group) if isinstance(container, dict) else None
                if not repeated:
                    following.append((value, where))
                elif isinstance(value, list):
                    if group in fixed:
                        index = fixed[group]
                        items = [(index, value[index])] if index < len(value) else []
                    else:
                        fanned = True
                        items = list(enumerate(value))
                    following.extend((item, (*where, (group, i))) for i, item in items)
            found = following
        return found, fanned

    def _lookup_repeated(self, info: ElementInfo, context: Context) -> Any:
        containers, fanned = self._containers(info, context)
        values = []
        for container, where in containers:
            if info.visible_rules and not _visible(self.form, self.results, info, where):
                value = None
            elif info.compute_rule is not None:
                value = self.results.get(info.compute_rule, {}).get(where)
            else:
                value = container.get(info.id) if isinstance(container, dict) else None
            values.append(value)
        if fanned:
            return [value for value in values if value is not None]
        return values[0] if values else None

    def instances(self, anchor: tuple[str, ...]) -> list[Context]:
        """Every context the rule anchored at these repeatable groups runs in."""
        if not anchor:
            return [()]
        innermost = self.elements[anchor[-1]]
        containers, _ = self._containers(innermost, ())
        found: list[Context] = []
        for container, where in containers:
            value = container.get(innermost.id) if isinstance(container, dict) else None
            if isinstance(value, list):
                found.extend((*where, (innermost.id, i)) for i in range(len(value)))
        return found
