"""The citizen vocabulary: everyday German and English words mapped to official catalogue terms.

The data lives in data/lexicon.yaml, grouped by life situation for the reader. A key is a word
or a short phrase, several spellings separated by "|"; it matches any inflection with the same
German stems. A value is one official term or a list of them, each a word or phrase as it
appears in LeiKa or OZG names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from rathaus.catalog.search.text import phrase_words, stem

MAX_PHRASE = 4


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key written twice in one mapping (PyYAML keeps the last)."""


def _mapping_without_duplicates(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> Any:
    seen: set[object] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise ValueError(f"lexicon.yaml line {key_node.start_mark.line + 1}: {key!r} twice")
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


Key = tuple[str, ...]
# A group may say how much its words count against words that name a service, e.g. verbs
# such as "beantragen" or "verloren" count less than "Personalausweis".
WEIGHT_KEY = "_weight"


@dataclass(frozen=True)
class Entry:
    """What a key means: official terms, and how much the key counts in a query."""

    terms: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class Lexicon:
    """Keys → entries, by folded spelling and by stems.

    The spelling as written wins over the stems: German and English words can share a stem
    ("rent" and "Rente" both stem to "rent"), but not a spelling.
    """

    by_spelling: dict[Key, Entry]
    by_stems: dict[Key, Entry]
    key_words: frozenset[str]

    def match(self, words: list[str], stems: list[str], start: int) -> tuple[int, Entry] | None:
        """The longest entry that starts at `start`: (number of words, entry)."""
        for length in range(min(MAX_PHRASE, len(words) - start), 0, -1):
            end = start + length
            entry = self.by_spelling.get(tuple(words[start:end])) or self.by_stems.get(
                tuple(stems[start:end])
            )
            if entry:
                return length, entry
        return None

    def lookup(self, word: str) -> Entry | None:
        """The entry for a single folded word, if the lexicon knows it."""
        found = self.match([word], [stem(word)], 0)
        return found[1] if found else None

    def target_texts(self) -> set[str]:
        """Every official term the lexicon points to."""
        return {term for entry in self.by_stems.values() for term in entry.terms}


def _merge(table: dict[Key, Entry], key: Key, terms: list[str], weight: float) -> None:
    """Add terms under a key; a key written in two groups means both."""
    old = table.get(key)
    if old is None:
        table[key] = Entry(tuple(terms), weight)
        return
    merged = old.terms + tuple(term for term in terms if term not in old.terms)
    table[key] = Entry(merged, max(old.weight, weight))


def _group_weight(group: str, entries: dict[object, object]) -> float:
    weight = entries.pop(WEIGHT_KEY, 1.0)
    if not isinstance(weight, int | float) or not 0 < weight <= 1:
        raise ValueError(f"lexicon.yaml: {group}/{WEIGHT_KEY} must be a number in (0, 1]")
    return float(weight)


def lexicon_parse(data: object) -> Lexicon:
    """Build a lexicon from the parsed YAML: {group: {key: term | [terms]}}."""
    if not isinstance(data, dict):
        raise ValueError("lexicon.yaml: expected groups of 'key: official term(s)'")
    by_spelling: dict[Key, Entry] = {}
    by_stems: dict[Key, Entry] = {}
    for group, raw_entries in data.items():
        if not isinstance(raw_entries, dict):
            raise ValueError(f"lexicon.yaml: group {group!r} is not a mapping")
        entries = dict(raw_entries)
        weight = _group_weight(group, entries)
        for raw_key, raw_terms in entries.items():
            terms = [raw_terms] if isinstance(raw_terms, str) else raw_terms
            if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
                raise ValueError(f"lexicon.yaml: {group}/{raw_key}: terms must be text")
            for spelling in str(raw_key).split("|"):
                words = phrase_words(spelling)
                if not words or len(words) > MAX_PHRASE:
                    raise ValueError(f"lexicon.yaml: {group}/{spelling!r}: no usable word")
                _merge(by_spelling, words, terms, weight)
                _merge(by_stems, tuple(stem(word) for word in words), terms, weight)
    return Lexicon(by_spelling, by_stems, frozenset(w for key in by_spelling for w in key))


def lexicon_load(text: str) -> Lexicon:
    """Parse lexicon YAML text; a key written twice in one group is an error."""
    return lexicon_parse(yaml.load(text, Loader=_UniqueKeyLoader))  # noqa: S506 (a SafeLoader)


@cache
def lexicon() -> Lexicon:
    """The lexicon shipped with the package (read once per process)."""
    text = resources.files("rathaus.catalog.search").joinpath("data/lexicon.yaml").read_text()
    return lexicon_load(text)
