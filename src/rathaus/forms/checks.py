"""Checks on a definition that decide whether it may be published (pure, no database)."""

from __future__ import annotations

from rathaus.forms.definition import FormDef, RuleKind, iter_elements, unresolved_codelists
from rathaus.forms.expressions import ExpressionError, compile_expression


def publish_problems(definition: FormDef) -> list[str]:
    """What stops a definition from being published (empty when it can be)."""
    problems = [
        f"{field.id}: Codeliste {field.codelist.uri if field.codelist else '?'} fehlt – bitte "
        "hochladen / code list missing"
        for field in unresolved_codelists(definition)
    ]
    return problems + rule_problems(definition)


def rule_problems(definition: FormDef) -> list[str]:
    """Every machine-read rule that does not compile against the form's own element ids."""
    known = frozenset(element.id for element in iter_elements(definition))
    problems = []
    for rule in definition.rules:
        if rule.kind == RuleKind.DOCUMENTATION:
            continue
        try:
            compile_expression(rule.expression, known=known)
        except ExpressionError as error:
            problems.append(f"Regel {rule.id}: {error}")
    return problems
