"""Reading the semi-structured German rule texts of FIM: conditions and effects.

Only clearly recognisable sentences are read; anything else returns None, and the
caller keeps the rule as documentation. Examples that are read:

    WENN F00000003327 "Abfrage" = JA, DANN aktiviere G60000000220 "Vertreter".
    Wenn das Feld F60000000263 "…" = 001 "in Deutschland", dann muss die Feldgruppe
    G60000000088 "Anschrift Inland" befüllt sein.
    Wenn F05000016245 Anschrift … === "Ja", dann zeige G05000010363 Hauptwohnsitze an.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REF = r"(?:[FG]\d+\.)*[FG]\d+"
_REF = re.compile(REF)
_SUBJECT = r"(?:(?:im|das|die|dem|der)\s+)?(?:Datenfeldgruppe|Feldgruppe|Datenfeld|Feld|Gruppe)?\s*"
_QUOTED = r'"[^"]*"'
_VALUE = rf'(?:={{1,3}}\s*)?(?P<value>{_QUOTED}|[^\s"]+)(?:\s*{_QUOTED})?'
_SENTENCE = re.compile(r"^wenn\s+(?P<cond>.+?)\s*,?\s+dann\s+(?P<then>.+?)\s*\.?$", re.I | re.S)
_SPLIT_SENTENCES = re.compile(r"(?<=\.)\s+(?=wenn\b)", re.I)
_COND_EQ = re.compile(
    rf"^{_SUBJECT}(?P<ref>{REF})(?:\s*{_QUOTED}|\s+[^\"=<>!]*?)?\s*"
    r"(?P<op>===|==|=|<>|!=)\s*(?P<values>.+)$",
    re.I | re.S,
)
_COND_FILLED = re.compile(
    rf"^{_SUBJECT}(?P<ref>{REF})(?:\s*{_QUOTED})?\s+(?P<neg>nicht\s+)?"
    r"(?P<word>befüllt|ausgefüllt|leer)(?:\s+ist)?$",
    re.I,
)
_COND_VALUE_GIVEN = re.compile(
    rf"^{_SUBJECT}(?P<ref>{REF})\s+der\s+Wert\s+(?P<values>.+?)\s+angegeben\s+wurde$", re.I
)
_ONE_VALUE = re.compile(rf"^{_VALUE}$", re.S)
_SPLIT_CLAUSES = re.compile(
    r"\s+UND\s+(?=(?:de)?aktiviere\b|zeige\b|muss\b|darf\b|kann\b|soll\b)", re.I
)
_CLAUSES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^aktiviere\s+(?P<refs>.+)$", re.I | re.S), "show"),
    (re.compile(r"^deaktiviere\s+(?P<refs>.+)$", re.I | re.S), "hide"),
    (re.compile(r"^zeige\s+(?P<refs>.+?)\s+nicht(?:\s+an)?$", re.I | re.S), "hide"),
    (
        re.compile(r"^zeige\s+(?P<refs>.+?)(?:\s+an)?(?:,?\s*ansonsten\s+nicht)?$", re.I | re.S),
        "show",
    ),
    (re.compile(r"^soll\s+(?P<refs>.+?)\s+zum\s+Pflichtfeld\s+werden$", re.I | re.S), "must"),
    (
        re.compile(
            r"^(?:muss|soll)\s+(?P<refs>.+?)\s+(?:befüllt|ausgefüllt)\s+(?:sein|werden)$",
            re.I | re.S,
        ),
        "must",
    ),
    (
        re.compile(
            r"^darf\s+(?P<refs>.+?)\s+nicht\s+(?:befüllt|ausgefüllt)\s+(?:sein|werden)$",
            re.I | re.S,
        ),
        "hide",
    ),
    (
        re.compile(
            r"^(?:kann|darf)\s+(?P<refs>.+?)\s+(?:befüllt|ausgefüllt)\s+(?:sein|werden)$",
            re.I | re.S,
        ),
        "show",
    ),
]
_FILLER = re.compile(
    r"\b(?:die|das|der|dem|Datenfeldgruppe|Feldgruppe|Datenfeld|Feld|Gruppe|Felder|und|sowie)\b|,",
    re.I,
)


@dataclass(frozen=True)
class RawCondition:
    """`ref` compared with `values` (op "=" or "<>"), or tested for being filled."""

    ref: str
    op: str  # "=", "<>", "filled", "empty"
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawSentence:
    """One WENN … DANN … sentence: a condition and (effect, target ref) pairs."""

    condition: RawCondition
    effects: tuple[tuple[str, str], ...]


def read_text(text: str) -> list[RawSentence] | None:
    """All sentences of a rule text, or None when any part is not clearly readable."""
    text = " ".join(text.split())
    if not re.match(r"^wenn\b", text, re.I):
        return None
    sentences: list[RawSentence] = []
    for part in _SPLIT_SENTENCES.split(text):
        match = _SENTENCE.match(part)
        if match is None or re.search(r"\bdann\b", match["then"], re.I):
            return None
        condition = _condition(match["cond"])
        effects = _effects(match["then"])
        if condition is None or effects is None:
            return None
        sentences.append(RawSentence(condition, tuple(effects)))
    return sentences


def _condition(text: str) -> RawCondition | None:
    filled = _COND_FILLED.match(text)
    if filled:
        is_filled = filled["word"].lower() != "leer"
        if filled["neg"]:
            is_filled = not is_filled
        return RawCondition(filled["ref"], "filled" if is_filled else "empty")
    match = _COND_EQ.match(text) or _COND_VALUE_GIVEN.match(text)
    if match is None:
        return None
    op = "<>" if match.groupdict().get("op") in ("<>", "!=") else "="
    values: list[str] = []
    for piece in re.split(r"\s+ODER\s+", match["values"].strip(), flags=re.I):
        one = _ONE_VALUE.match(piece.strip())
        if one is None:
            return None
        values.append(one["value"])
    if op == "<>" and len(values) > 1:
        return None
    return RawCondition(match["ref"], op, tuple(values))


def _effects(text: str) -> list[tuple[str, str]] | None:
    effects: list[tuple[str, str]] = []
    for clause in _SPLIT_CLAUSES.split(text.strip()):
        for pattern, effect in _CLAUSES:
            match = pattern.match(clause.strip())
            if match:
                refs = _refs(match["refs"])
                if not refs:
                    return None
                effects.extend((effect, ref) for ref in refs)
                break
        else:
            return None
    return effects


def _refs(text: str) -> list[str]:
    """Target refs of a clause: only refs, labels in quotes and filler words may appear."""
    rest = _FILLER.sub(" ", re.sub(_QUOTED, " ", text))
    refs = _REF.findall(rest)
    leftover = _REF.sub(" ", rest).split()
    if not leftover:
        return refs
    # one target with an unquoted label ("zeige F05000016258 Beantragungsdatum …")
    single = re.match(rf"^\s*(?:{_SUBJECT})?({REF})\b", text)
    return [single.group(1)] if single and len(refs) == 1 else []
