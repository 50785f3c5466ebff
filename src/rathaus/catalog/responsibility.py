"""The responsibility engine: readable rules decide which level handles a service.

Pure functions over plain values, so a municipality page can resolve all 4,797 services
in one pass without a query per service.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rathaus.catalog.models import ResponsibilityRule
from rathaus.common.text import fold

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class ServiceFacts:
    """What the rules look at in a service."""

    leika_key: str
    name: str
    tokens: tuple[str, ...]
    typisierung: frozenset[str]
    topic: str

    @classmethod
    def of(cls, *, leika_key: str | None, name: str, typisierung: str, topic: str) -> ServiceFacts:
        kinds = frozenset(part.strip() for part in typisierung.split(",") if part.strip())
        folded = fold(name)
        return cls(leika_key or "", folded, tuple(_WORD.findall(folded)), kinds, topic)


@dataclass(frozen=True)
class CompiledRule:
    """A rule with its match lists split and folded once."""

    rule_id: int
    name: str
    typisierung: frozenset[str]
    prefixes: tuple[str, ...]
    words: tuple[str, ...]
    topics: frozenset[str]
    level: str
    authority_id: int | None
    online_status: str
    maturity_v1: int
    maturity_v2: int

    def matches(self, facts: ServiceFacts) -> bool:
        if self.typisierung and not (self.typisierung & facts.typisierung):
            return False
        if self.topics and facts.topic not in self.topics:
            return False
        if self.prefixes and not facts.leika_key.startswith(self.prefixes):
            return False
        return not self.words or any(_contains(facts, word) for word in self.words)


def _contains(facts: ServiceFacts, word: str) -> bool:
    """A single word matches at the start of a name word ('Geburt' in 'Geburtsurkunde');
    a phrase with spaces matches anywhere in the name."""
    if " " in word:
        return word in facts.name
    return any(token.startswith(word) for token in facts.tokens)


@functools.lru_cache(maxsize=256)
def _words(text: str) -> tuple[str, ...]:
    """A rule's comma-separated words, folded (kept per process: rules rarely change)."""
    return tuple(fold(w.strip()) for w in text.split(",") if w.strip())


def compile_rule(rule: ResponsibilityRule) -> CompiledRule:
    """Split a stored rule's text fields into match sets."""
    return CompiledRule(
        rule_id=rule.pk,
        name=rule.name,
        typisierung=frozenset(p.strip() for p in rule.match_typisierung.split(",") if p.strip()),
        prefixes=tuple(rule.match_key_prefixes.split()),
        words=_words(rule.match_name_words),
        topics=frozenset(t.strip() for t in rule.match_topics.split(";") if t.strip()),
        level=rule.target_level,
        authority_id=rule.target_authority_id,
        online_status=rule.online_status,
        maturity_v1=rule.maturity_v1,
        maturity_v2=rule.maturity_v2,
    )


def first_matching(rules: Iterable[CompiledRule], facts: ServiceFacts) -> CompiledRule | None:
    """The rule that decides: the first in priority order that matches."""
    return next((rule for rule in rules if rule.matches(facts)), None)
