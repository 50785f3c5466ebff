"""The rule language: safe, serialisable expressions compiled once into Python closures.

Syntax is a small subset of Python expressions, parsed by the standard `ast` module and
checked against a whitelist, so nothing is ever `eval`ed:

    F00000003327 == true and (alter >= 18 or filled(vertreter_name))
    betrag * 0.19            years(geburtsdatum) < 16          art in ["Hund", "Katze"]

Names are element ids; an unanswered field is `null`. Comparisons with `null` are false
(except `== null` / `!= null`), arithmetic with `null` gives `null`. Numbers are decimals.
The source text is what is stored; compiling costs microseconds and happens once per
published form version.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from rathaus.forms import functions

Scope = Callable[[str], Any]
Evaluator = Callable[[Scope], Any]

MAX_SOURCE = 2000
MAX_DEPTH = 40
CONSTANTS: dict[str, Any] = {
    "true": True,
    "false": False,
    "null": None,
    "wahr": True,
    "falsch": False,
    "True": True,
    "False": False,
    "None": None,
}


class ExpressionError(ValueError):
    """An expression was refused; the message says where and why (German)."""


@dataclass(frozen=True)
class Compiled:
    """A checked expression: its source, the element ids it reads, and its evaluator."""

    source: str
    names: frozenset[str]
    evaluate: Evaluator

    def __call__(self, scope: Scope) -> Any:
        return self.evaluate(scope)


def compile_expression(source: str, known: frozenset[str] | None = None) -> Compiled:
    """Parse, check and compile; `known` (element ids) makes unknown names an error."""
    if len(source) > MAX_SOURCE:
        raise ExpressionError(f"Ausdruck länger als {MAX_SOURCE} Zeichen")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"Syntaxfehler an Stelle {error.offset}: {error.msg}") from None
    compiler = _Compiler(known)
    evaluate = compiler.node(tree.body, depth=0)
    return Compiled(source, frozenset(compiler.names), evaluate)


def truthy(value: Any) -> bool:
    """How a rule reads a result: null, false, zero, empty text and empty lists are false."""
    return bool(value)


_ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


def _number(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    return value


def _arith(op: Callable[[Any, Any], Any], left: Any, right: Any) -> Any:
    if left is None or right is None:
        return None
    try:
        return op(_number(left), _number(right))
    except (TypeError, ArithmeticError, InvalidOperation):
        return None  # "2" + 3, division by zero: no value rather than a crash


def _compare(op: type[ast.cmpop], left: Any, right: Any) -> bool:
    if left is None or right is None:
        if op is ast.Eq:
            return left is right
        if op is ast.NotEq:
            return left is not right
        return False
    try:
        return _COMPARE[op](_number(left), _number(right))
    except TypeError:
        return False


class _Compiler:
    def __init__(self, known: frozenset[str] | None) -> None:
        self.known = known
        self.names: set[str] = set()

    def node(self, node: ast.AST, depth: int) -> Evaluator:  # noqa: C901 - one branch per syntax
        if depth > MAX_DEPTH:
            raise ExpressionError("Ausdruck ist zu tief verschachtelt")
        depth += 1
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BoolOp):
            return self.boolean(node, depth)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth)
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
            op, left, right = (
                _ARITHMETIC[type(node.op)],
                self.node(node.left, depth),
                self.node(node.right, depth),
            )
            return lambda scope: _arith(op, left(scope), right(scope))
        if isinstance(node, ast.Compare):
            return self.compare(node, depth)
        if isinstance(node, ast.List | ast.Tuple):
            return self.sequence(node, depth)
        if isinstance(node, ast.IfExp):
            test, body, other = (self.node(n, depth) for n in (node.test, node.body, node.orelse))
            return lambda scope: body(scope) if truthy(test(scope)) else other(scope)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        raise ExpressionError(f"nicht erlaubt: {type(node).__name__} an Stelle {_col(node)}")

    def constant(self, node: ast.Constant) -> Evaluator:
        value: Any = node.value
        if isinstance(value, float):
            value = Decimal(str(value))
        elif not isinstance(value, str | int | bool) and value is not None:
            raise ExpressionError(f"nicht erlaubter Wert an Stelle {_col(node)}")
        return lambda scope: value

    def name(self, node: ast.Name) -> Evaluator:
        if node.id in CONSTANTS:
            value = CONSTANTS[node.id]
            return lambda scope: value
        if self.known is not None and node.id not in self.known:
            raise ExpressionError(f"unbekanntes Element „{node.id}“ an Stelle {_col(node)}")
        self.names.add(node.id)
        key = node.id
        return lambda scope: scope(key)

    def sequence(self, node: ast.List | ast.Tuple, depth: int) -> Evaluator:
        if all(isinstance(item, ast.Constant) for item in node.elts):  # folded once
            folded = [self.constant(item)(_no_scope) for item in node.elts]  # type: ignore[arg-type]
            return lambda scope: folded
        items = [self.node(item, depth) for item in node.elts]
        return lambda scope: [item(scope) for item in items]

    def boolean(self, node: ast.BoolOp, depth: int) -> Evaluator:
        parts = [self.node(value, depth) for value in node.values]
        if len(parts) == 2:  # the common case, without a generator per call
            first, second = parts
            if isinstance(node.op, ast.And):
                return lambda scope: truthy(first(scope)) and truthy(second(scope))
            return lambda scope: truthy(first(scope)) or truthy(second(scope))
        if isinstance(node.op, ast.And):
            return lambda scope: all(truthy(part(scope)) for part in parts)
        return lambda scope: any(truthy(part(scope)) for part in parts)

    def unary(self, node: ast.UnaryOp, depth: int) -> Evaluator:
        operand = self.node(node.operand, depth)
        if isinstance(node.op, ast.Not):
            return lambda scope: not truthy(operand(scope))
        if isinstance(node.op, ast.USub):
            return lambda scope: _arith(operator.sub, 0, operand(scope))
        if isinstance(node.op, ast.UAdd):
            return operand
        raise ExpressionError(f"nicht erlaubter Operator an Stelle {_col(node)}")

    def compare(self, node: ast.Compare, depth: int) -> Evaluator:
        left = self.node(node.left, depth)
        pairs = [
            (type(op), self.node(right, depth))
            for op, right in zip(node.ops, node.comparators, strict=True)
        ]
        for op, _ in pairs:
            if op not in _COMPARE:
                raise ExpressionError(f"nicht erlaubter Vergleich an Stelle {_col(node)}")

        def evaluate(scope: Scope) -> bool:
            current = left(scope)
            for op, right in pairs:
                following = right(scope)
                if not _compare(op, current, following):
                    return False
                current = following
            return True

        return evaluate

    def call(self, node: ast.Call, depth: int) -> Evaluator:
        if not isinstance(node.func, ast.Name) or node.func.id not in functions.FUNCTIONS:
            allowed = ", ".join(sorted(functions.FUNCTIONS))
            raise ExpressionError(f"unbekannte Funktion an Stelle {_col(node)}; erlaubt: {allowed}")
        if node.keywords:
            raise ExpressionError(f"benannte Argumente sind nicht erlaubt, Stelle {_col(node)}")
        function = functions.FUNCTIONS[node.func.id]
        arguments: Sequence[Evaluator] = [self.node(arg, depth) for arg in node.args]
        return lambda scope: functions.call(function, [arg(scope) for arg in arguments])


def _no_scope(name: str) -> Any:
    raise ExpressionError(f"„{name}“ ist hier nicht erlaubt")


def _col(node: ast.AST) -> int:
    return getattr(node, "col_offset", 0) + 1
