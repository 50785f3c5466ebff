"""Decision templates: Django's template syntax restricted to variables and three filters.

A template is plain text with `{{ variable }}` and `{{ variable|filter:argument }}`; tags
(`{% … %}`) are refused, so nothing can load, include or run anything. Django's own lexer
and filter parser read the text, this module walks what they found: every problem is
collected with its line, so a template is refused when it is saved, not when a decision
is written.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.template import Library, TemplateSyntaxError, defaultfilters
from django.template.base import FilterExpression, Lexer, Parser, Token, TokenType, Variable
from django.utils.translation import gettext as _

from rathaus.casework.documents.variables import ANSWER_PREFIX

ALLOWED_FILTERS = ("date", "default", "linebreaks")
OPENERS = ("{{", "{%", "{#")
CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_INVALID_FILTER = re.compile(r"Invalid filter: '([^']*)'")
MAX_LISTED = 30


def _keep_lines(value: Any) -> str:
    """`linebreaks`: keep the value's line breaks and paragraphs (see `Value.keep_lines`)."""
    return "" if value is None else str(value)


# Only these three filters exist for a decision template; Django's date and default as they
# are, and linebreaks as a marker the plain-text renderer reads.
FILTERS = Library()
FILTERS.filter("date", defaultfilters.date, expects_localtime=True)
FILTERS.filter("default", defaultfilters.default)
FILTERS.filter("linebreaks", _keep_lines)


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Value:
    """A `{{ … }}`: without `linebreaks` its value is printed on one line."""

    expression: FilterExpression
    keep_lines: bool
    line: int
    names: tuple[str, ...]  # the variables it reads


Piece = Text | Value


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Zeile %(line)d: %(message)s") % {"line": self.line, "message": self.message}


def template_parse(source: str) -> tuple[list[Piece], list[Problem]]:
    """The template's pieces and every syntax problem (tags, unknown filters, open braces)."""
    pieces: list[Piece] = []
    problems: list[Problem] = []
    parser = Parser([], builtins=[FILTERS])
    for token in Lexer(source).tokenize():
        line = token.lineno or 1
        if token.token_type == TokenType.TEXT:
            problems += _open_braces(token.contents, line)
            pieces.append(Text(token.contents))
        elif token.token_type == TokenType.BLOCK:
            problems.append(Problem(line, _tag_refused(token)))
        elif token.token_type == TokenType.VAR:
            found = _value(token, parser, line)
            if isinstance(found, Problem):
                problems.append(found)
            else:
                pieces.append(found)
    return pieces, problems


def template_problems(source: str, *, names: Collection[str]) -> list[Problem]:
    """Everything wrong with a template whose variables may be `names`; [] when usable."""
    pieces, problems = template_parse(source)
    allowed = set(names)
    for piece in pieces:
        if isinstance(piece, Value):
            problems += [
                Problem(piece.line, _unknown_variable(name, names))
                for name in piece.names
                if name not in allowed
            ]
    return sorted(problems, key=lambda problem: problem.line)


def _value(token: Token, parser: Parser, line: int) -> Value | Problem:
    if not token.contents.strip():
        return Problem(line, _("„{{ }}“ ist leer: zwischen die Klammern gehört eine Variable."))
    try:
        expression = FilterExpression(token.contents, parser)
    except TemplateSyntaxError as error:
        unknown = _INVALID_FILTER.search(str(error))
        if unknown:
            return Problem(line, _filter_refused(unknown.group(1)))
        return Problem(
            line,
            _("„{{ %(code)s }}“ ist fehlerhaft (%(error)s).")
            % {"code": token.contents.strip(), "error": error},
        )
    names = [expression.var] if isinstance(expression.var, Variable) else []
    names += [arg for _func, args in expression.filters for lookup, arg in args if lookup]
    return Value(
        expression=expression,
        keep_lines=any(func is _keep_lines for func, _args in expression.filters),
        line=line,
        names=tuple(".".join(var.lookups) for var in names if var.lookups is not None),
    )


def _open_braces(text: str, line: int) -> list[Problem]:
    problems = []
    for match in re.finditer("|".join(re.escape(opener) for opener in OPENERS), text):
        opener = match.group()
        problems.append(
            Problem(
                line + text.count("\n", 0, match.start()),
                _("„%(open)s“ wird nicht in derselben Zeile mit „%(close)s“ geschlossen.")
                % {"open": opener, "close": CLOSERS[opener]},
            )
        )
    return problems


def _tag_refused(token: Token) -> str:
    words = token.split_contents()
    return _(
        "Anweisungen wie „{%% %(tag)s %%}“ sind nicht erlaubt; eine Vorlage enthält nur Text "
        "und Variablen wie „{{ aktenzeichen }}“."
    ) % {"tag": words[0] if words else ""}


def _filter_refused(name: str) -> str:
    return _("Den Filter „%(name)s“ gibt es hier nicht; erlaubt sind: %(allowed)s.") % {
        "name": name,
        "allowed": ", ".join(ALLOWED_FILTERS),
    }


def _unknown_variable(name: str, names: Collection[str]) -> str:
    known = list(names)
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.75)
    message = _("Die Variable „%(name)s“ gibt es nicht.") % {"name": name}
    if close:
        message += " " + _("Meinten Sie %(names)s?") % {"names": ", ".join(close)}
    if name.startswith(ANSWER_PREFIX) and not any(n.startswith(ANSWER_PREFIX) for n in known):
        message += " " + _("Die Leistung hat kein veröffentlichtes Formular.")
    listed = ", ".join(known[:MAX_LISTED])
    if len(known) > MAX_LISTED:
        listed += " " + _("und %(count)d weitere") % {"count": len(known) - MAX_LISTED}
    return message + " " + _("Verfügbar sind: %(names)s.") % {"names": listed}
