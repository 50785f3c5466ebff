"""FIM rules → RuleDefs: VISIBLE/REQUIRED where the text is clearly readable, else text.

Within one rule, "show" conditions on the same target are alternatives (or), "hide"
conditions all apply (and). Several VISIBLE rules on one target would be combined by
the form with "and", so a second rule that shows an already shown target is kept as
documentation rather than risk hiding it for good.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from rathaus.forms.definition import DataType, RuleKind
from rathaus.forms.expressions import ExpressionError, compile_expression
from rathaus.forms.fim.conditions import RawCondition, read_text
from rathaus.forms.fim.fields import FieldContext
from rathaus.forms.fim.structure import Node

_TRUE = {"ja", "wahr", "true", "1", "x"}
_FALSE = {"nein", "falsch", "false", "0"}
_CODE = re.compile(r"^[\w.-]+$")


class Resolver:
    """Finds the node a FIM reference (F1, G1.F1) means, preferring the rule's own group."""

    def __init__(self, roots: list[Node]) -> None:
        self.by_fim: dict[str, list[Node]] = {}
        for root in roots:
            for node in root.walk():
                self.by_fim.setdefault(node.fim_id, []).append(node)

    def resolve(self, ref: str, scope: Node | None) -> Node | None:
        """The single matching occurrence, or None when absent or ambiguous."""
        *path, last = ref.split(".")
        candidates = [n for n in self.by_fim.get(last, []) if _under_path(n, path)]
        if scope is not None:
            inside = [n for n in candidates if _within(n, scope)]
            candidates = inside or candidates
        return candidates[0] if len(candidates) == 1 else None


def _within(node: Node, scope: Node) -> bool:
    current: Node | None = node
    while current is not None:
        if current is scope:
            return True
        current = current.parent
    return False


def _under_path(node: Node, path: list[str]) -> bool:
    ancestors: set[str] = set()
    current = node.parent
    while current is not None:
        ancestors.add(current.fim_id)
        current = current.parent
    return set(path) <= ancestors


def _literal(node: Node, value: str) -> str | None:
    """The expression literal for a compared value, or None when it cannot be sure."""
    value = value.strip('"').strip()
    if node.type == DataType.BOOLEAN:
        word = value.lower()
        return "true" if word in _TRUE else "false" if word in _FALSE else None
    if node.type != DataType.SELECT or not value:
        return None
    code = value.split()[0]
    codes = {choice["value"] for choice in node.attrs.get("choices", ())}
    if (codes and code not in codes) or (not codes and not _CODE.match(code)):
        return None
    return json.dumps(code, ensure_ascii=False)


def condition_expression(raw: RawCondition, resolver: Resolver, scope: Node | None) -> str | None:
    """The expression of a condition, None when its field is unclear, repeated or untyped."""
    node = resolver.resolve(raw.ref, scope)
    if node is None or node.repeated or node.type == DataType.STATIC:
        return None
    name = node.element_id
    if raw.op in ("filled", "empty"):
        return f"filled({name})" if raw.op == "filled" else f"not filled({name})"
    if node.kind != "field":
        return None
    literals = [_literal(node, value) for value in raw.values]
    if not literals or any(literal is None for literal in literals):
        return None
    if len(literals) == 1:
        test = f"{name} == {literals[0]}"
    else:
        test = f"{name} in [{', '.join(str(literal) for literal in literals)}]"
    return f"not ({test})" if raw.op == "<>" else test


@dataclass
class _Effects:
    shows: list[str] = field(default_factory=list)
    hides: list[str] = field(default_factory=list)
    musts: list[str] = field(default_factory=list)


def _negate(expression: str) -> str:
    match = re.fullmatch(r"not \(([^()]*)\)|not (filled\(\w+\))", expression)
    if match:
        return match.group(1) or match.group(2)
    return f"not {expression}" if expression.startswith("filled(") else f"not ({expression})"


def _visible(effects: _Effects) -> str:
    shows = list(dict.fromkeys(effects.shows))
    hides = [h for h in dict.fromkeys(effects.hides) if _negate(h) not in shows]
    parts = (
        [" or ".join(shows)] if len(shows) == 1 else [f"({' or '.join(shows)})"] if shows else []
    )
    parts += [_negate(hide) for hide in hides]
    return " and ".join(parts)


@dataclass
class RuleTranslator:
    """Turns rule elements into RuleDef data, counting what was machine-read."""

    ctx: FieldContext
    resolver: Resolver
    known: frozenset[str]
    rules: list[dict[str, Any]] = field(default_factory=list)
    ids: Counter[str] = field(default_factory=Counter)
    shown: set[str] = field(default_factory=set)
    documented: set[str] = field(default_factory=set)

    def add(self, element: etree._Element, scope: Node | None) -> None:
        """Translate one regel element in the scope of the group or field carrying it."""
        ctx = self.ctx
        fim_id = (element.findtext(f"{ctx.q('identifikation')}/{ctx.q('id')}") or "").strip()
        origin = {
            "id": fim_id,
            "version": (
                element.findtext(f"{ctx.q('identifikation')}/{ctx.q('version')}") or ""
            ).strip(),
            "name": ctx.text(element, "name"),
        }
        text = ctx.text(element, "freitextRegel") or ctx.text(element, "definition")
        text = text or ctx.text(element, "beschreibung")
        parts = self._translate(text, scope)
        if parts is None:
            self._document(fim_id, origin, text)
            return
        for kind, targets, expression in parts:
            self._append(
                fim_id,
                {
                    "kind": kind,
                    "targets": targets,
                    "expression": expression,
                    "text": text,
                    "fim": origin,
                },
            )
            if kind == RuleKind.VISIBLE:
                self.shown.update(targets)

    def _translate(
        self, text: str, scope: Node | None
    ) -> list[tuple[RuleKind, list[str], str]] | None:
        per_target = self._collect(text, scope)
        if per_target is None:
            return None
        grouped: dict[tuple[RuleKind, str], list[str]] = {}
        for element_id, effects in per_target.items():
            if effects.shows and element_id in self.shown:
                return None
            if effects.shows or effects.hides:
                grouped.setdefault((RuleKind.VISIBLE, _visible(effects)), []).append(element_id)
            if effects.musts:
                must = " or ".join(dict.fromkeys(effects.musts))
                grouped.setdefault((RuleKind.REQUIRED, must), []).append(element_id)
        result = [(kind, targets, expression) for (kind, expression), targets in grouped.items()]
        try:
            for _, _, expression in result:
                compile_expression(expression, known=self.known)
        except ExpressionError:
            return None
        return result

    def _collect(self, text: str, scope: Node | None) -> dict[str, _Effects] | None:
        """Effects per target element id, or None when any part is unclear."""
        sentences = read_text(text)
        if not sentences:
            return None
        per_target: dict[str, _Effects] = {}
        for sentence in sentences:
            expression = condition_expression(sentence.condition, self.resolver, scope)
            if expression is None:
                return None
            for effect, ref in sentence.effects:
                node = self.resolver.resolve(ref, scope)
                if node is None:
                    return None
                effects = per_target.setdefault(node.element_id, _Effects())
                getattr(effects, f"{effect}s").append(expression)
        return per_target

    def _append(self, fim_id: str, data: dict[str, Any]) -> None:
        # a rule of a reused group that only names elements outside it comes out the same
        # for every occurrence: keep it once
        same = {k: data[k] for k in ("kind", "targets", "expression")}
        if data["kind"] != RuleKind.DOCUMENTATION and any(
            {k: rule[k] for k in same} == same for rule in self.rules
        ):
            return
        base = fim_id if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,55}", fim_id) else "Regel"
        self.ids[base] += 1
        data["id"] = base if self.ids[base] == 1 else f"{base}_{self.ids[base]}"
        self.rules.append(data)

    def _document(self, fim_id: str, origin: dict[str, str], text: str) -> None:
        if fim_id in self.documented:
            return
        self.documented.add(fim_id)
        self._append(
            fim_id,
            {
                "kind": RuleKind.DOCUMENTATION,
                "targets": [],
                "expression": "",
                "text": text,
                "fim": origin,
            },
        )
        self.ctx.report.documentation_rules.append(f"{fim_id} {origin['name']}".strip())
