"""Translating rule conditions into JSON Schema, where JSON Schema can say the same.

A condition is expressible when it only reads plain fields of the object that holds the
rule's target (siblings: not repeated, not computed, of type select, boolean, text,
multiline, date or integer) and is built from

    S == c   S != c   c == S   S in [c, …]   S not in [c, …]   S < c (…, integer only)
    filled(S)   empty(S)   S (boolean)   and   or   not   true   false

with constants of the field's own JSON type. The translation keeps the rule language's null
semantics: an unanswered field equals only null, and `in`, `not in`, `<` … are false for it.
Everything else returns None and the caller reports the rule as not expressed.
"""

from __future__ import annotations

import ast
from typing import Any

from rathaus.forms.definition import DataType, FieldDef, GroupDef

Schema = dict[str, Any]

_CONST_TYPES: dict[DataType, tuple[type, ...]] = {
    DataType.SELECT: (str,),
    DataType.TEXT: (str,),
    DataType.MULTILINE: (str,),
    DataType.DATE: (str,),
    DataType.BOOLEAN: (bool,),
    DataType.INTEGER: (int,),
}
_NULL_NAMES = {"null": None, "None": None}
_BOOL_NAMES = {
    "true": True,
    "false": False,
    "wahr": True,
    "falsch": False,
    "True": True,
    "False": False,
}
_ORDER = {
    ast.Lt: "exclusiveMaximum",
    ast.LtE: "maximum",
    ast.Gt: "exclusiveMinimum",
    ast.GtE: "minimum",
}
_FLIPPED = {
    ast.Lt: ast.Gt,
    ast.LtE: ast.GtE,
    ast.Gt: ast.Lt,
    ast.GtE: ast.LtE,
    ast.Eq: ast.Eq,
    ast.NotEq: ast.NotEq,
}
_MISSING = object()


def condition_schema(
    source: str, siblings: dict[str, FieldDef | GroupDef], computed: frozenset[str]
) -> Schema | None:
    """The JSON Schema true exactly when the condition is, on the object holding the target."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError:
        return None
    return _Translator(siblings, computed).node(tree.body)


def _present(name: str) -> Schema:
    return {"required": [name]}


def _absent(name: str) -> Schema:
    return {"not": {"required": [name]}}


def _value(name: str, schema: Schema) -> Schema:
    return {"required": [name], "properties": {name: schema}}


class _Translator:
    def __init__(self, siblings: dict[str, FieldDef | GroupDef], computed: frozenset[str]) -> None:
        self.siblings = siblings
        self.computed = computed

    def node(self, node: ast.AST) -> Schema | None:
        if isinstance(node, ast.BoolOp):
            parts = [self.node(value) for value in node.values]
            if any(part is None for part in parts):
                return None
            return {"allOf" if isinstance(node.op, ast.And) else "anyOf": parts}
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.node(node.operand)
            return None if inner is None else {"not": inner}
        constant = _constant(node)
        if isinstance(constant, bool):
            return {} if constant else {"not": {}}
        if isinstance(node, ast.Name):
            field = self.field(node)
            if field is not None and field.type == DataType.BOOLEAN:
                return _value(field.id, {"const": True})
            return None
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        return None

    def field(self, node: ast.AST) -> FieldDef | None:
        """The sibling field a name refers to, if a condition on it can be translated."""
        if not isinstance(node, ast.Name):
            return None
        element = self.siblings.get(node.id)
        if (
            not isinstance(element, FieldDef)
            or element.is_repeated
            or element.type not in _CONST_TYPES
            or element.id in self.computed
        ):
            return None
        return element

    def compare(self, node: ast.Compare) -> Schema | None:
        if len(node.ops) != 1:
            return None
        op, left, right = type(node.ops[0]), node.left, node.comparators[0]
        if self.field(left) is None and op in _FLIPPED:
            op, left, right = _FLIPPED[op], right, left
        field = self.field(left)
        if field is None:
            return None
        if op in (ast.In, ast.NotIn):
            return self.membership(field, right, negated=op is ast.NotIn)
        value = _constant(right)
        if value is _MISSING:
            return None
        if value is None:
            eq_null = _absent(field.id)
            return {"not": eq_null} if op is ast.NotEq else eq_null if op is ast.Eq else {"not": {}}
        if not _fits(field, value):
            return None
        if op in (ast.Eq, ast.NotEq):
            equal = _value(field.id, {"const": value})
            return equal if op is ast.Eq else {"not": equal}
        if field.type == DataType.INTEGER and op in _ORDER:
            return _value(field.id, {"type": "integer", _ORDER[op]: value})
        return None

    def membership(self, field: FieldDef, right: ast.AST, *, negated: bool) -> Schema | None:
        if not isinstance(right, ast.List | ast.Tuple):
            return None
        values = [_constant(item) for item in right.elts]
        if any(v is _MISSING or (v is not None and not _fits(field, v)) for v in values):
            return None
        allowed = {"enum": [v for v in values if v is not None]}
        # null is in nothing and "not in" nothing: both need an answer
        return _value(field.id, {"not": allowed} if negated else allowed)

    def call(self, node: ast.Call) -> Schema | None:
        if not isinstance(node.func, ast.Name) or node.keywords or len(node.args) != 1:
            return None
        field = self.field(node.args[0])
        if field is None or node.func.id not in ("filled", "empty"):
            return None
        # every valid answer of such a field is non-empty (texts have at least 1 character)
        return _present(field.id) if node.func.id == "filled" else _absent(field.id)


def _constant(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant) and (
        node.value is None or isinstance(node.value, str | int | bool)
    ):
        return node.value
    if isinstance(node, ast.Name) and node.id in _NULL_NAMES:
        return None
    if isinstance(node, ast.Name) and node.id in _BOOL_NAMES:
        return _BOOL_NAMES[node.id]
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and type(node.operand.value) is int
    ):
        return -node.operand.value
    return _MISSING


def _fits(field: FieldDef, value: Any) -> bool:
    if field.type == DataType.BOOLEAN:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    return isinstance(value, _CONST_TYPES[field.type])
