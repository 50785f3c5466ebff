"""Turning what a citizen typed into concepts, each with weighted ways to find it in the index.

A concept is one thing the person asked about ("Perso", "abgelaufen"). Its alternatives are term
groups that stand for it: the word itself, the official terms the lexicon gives for it, the
parts of a compound, spelling corrections. The ranking takes the best alternative per concept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rathaus.catalog.search.compounds import MIN_PART, Decompounder
from rathaus.catalog.search.lexicon import MAX_PHRASE, Entry, Lexicon
from rathaus.catalog.search.spelling import Speller
from rathaus.catalog.search.text import NEGATIONS, content_words, phrase_words, stem

# A query longer than this is pasted text; its first words are what was meant.
MAX_QUERY_CHARS = 400
MAX_QUERY_WORDS = 24

# How much an alternative counts, relative to the word exactly as typed.
EXACT = 1.0
LEXICON = 0.85
# Other terms of an entry whose key is itself an official word: "Einbürgerung" also points to
# "Staatsangehörigkeit", but someone who typed the official word meant that word first.
RELATED = 0.6
# The typed word itself when the lexicon translates it without listing it: "Perso" or
# "Hochzeit" in a service name is rarely what the person meant.
SHADOWED = 0.5
# The parts of a known compound, for services that spell them apart ("Gebührenbefreiung" →
# "Gebühr … Befreiung").
PARTS = 0.8
FUZZY = {1: 0.75, 2: 0.55}


@dataclass(frozen=True)
class Alternative:
    """Index terms (stems) that together stand for a concept, and how much a match counts."""

    terms: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Concept:
    """One thing the person asked about, and how much it counts in the query."""

    label: str
    alternatives: tuple[Alternative, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class Query:
    """The analysed query: concepts that can be found in the index."""

    concepts: tuple[Concept, ...]

    def terms(self) -> list[str]:
        """Every distinct index term the query looks up, in order."""
        seen: dict[str, None] = {}
        for concept in self.concepts:
            for alternative in concept.alternatives:
                seen.update(dict.fromkeys(alternative.terms))
        return list(seen)


def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in content_words(text))


def _distinct(concepts: list[Concept]) -> tuple[Concept, ...]:
    """Drop concepts that found nothing; merge those that mean the same ("Kita … Kindergarten").

    Two words for one thing make that thing count more, so merged weights add up.
    """
    merged: dict[frozenset[tuple[str, ...]], Concept] = {}
    for concept in concepts:
        key = frozenset(alternative.terms for alternative in concept.alternatives)
        if not key:
            continue
        same = merged.get(key)
        if same is None:
            merged[key] = concept
            continue
        weights = {a.terms: a.weight for a in same.alternatives}
        for alternative in concept.alternatives:
            weights[alternative.terms] = max(weights[alternative.terms], alternative.weight)
        alternatives = tuple(Alternative(terms, weight) for terms, weight in weights.items())
        label = f"{same.label} {concept.label}"
        merged[key] = Concept(label, alternatives, same.weight + concept.weight)
    return tuple(merged.values())


class QueryAnalyser:
    """Applies the lexicon, decompounding and spelling correction to a query."""

    def __init__(
        self,
        *,
        known: Callable[[str], bool],
        lexicon: Lexicon,
        decompounder: Decompounder,
        speller: Speller,
    ) -> None:
        self._known = known
        self._lexicon = lexicon
        self._decompounder = decompounder
        self._speller = speller

    def analyse(self, text: str) -> Query:
        """Concepts of the query, phrases from the lexicon first, then word by word."""
        words = list(phrase_words(text[:MAX_QUERY_CHARS]))[:MAX_QUERY_WORDS]
        concepts: list[Concept] = []
        position = 0
        while position < len(words):
            phrase = self._phrase(words, position)
            if phrase is not None:
                end, entry = phrase
                label = " ".join(words[position:end])
                concepts.append(Concept(label, self._targets(entry, LEXICON), entry.weight))
                position = end
                continue
            if words[position] not in NEGATIONS:
                concepts.extend(self._word(words[position]))
            position += 1
        return Query(_distinct(concepts))

    def _phrase(self, words: list[str], start: int) -> tuple[int, Entry] | None:
        """A lexicon phrase of several words at `start`: (end position, entry).

        Tried as typed ("kein Geld"), then without negations, so that "Lohn nicht gezahlt"
        still finds "Lohn gezahlt".
        """
        stems = [stem(word) for word in words[start : start + MAX_PHRASE]]
        found = self._lexicon.match(words[start : start + MAX_PHRASE], stems, 0)
        if found is not None and found[0] > 1:
            return start + found[0], found[1]
        if words[start] in NEGATIONS:
            return None
        kept = [i for i in range(start, len(words)) if words[i] not in NEGATIONS][:MAX_PHRASE]
        plain = [words[i] for i in kept]
        found = self._lexicon.match(plain, [stem(word) for word in plain], 0)
        if found is not None and found[0] > 1:
            return kept[found[0] - 1] + 1, found[1]
        return None

    def _word(self, word: str) -> list[Concept]:
        """A word as typed, else its compound parts, else its spelling corrections."""
        if self._is_known(word):
            return [self._concept(word, 1.0, word)]
        parts = self._decompounder.split(word)
        if parts:
            return [self._concept(part, 1.0, part) for part in parts]
        corrected = self._corrected(word)
        if corrected.alternatives:
            return [corrected]
        return self._split_with_typo(word)

    def _is_known(self, word: str) -> bool:
        return self._known(stem(word)) or self._lexicon.lookup(word) is not None

    def _concept(self, word: str, weight: float, label: str) -> Concept:
        """The concept of a known word: its own term, its lexicon meaning, its parts."""
        entry = self._lexicon.lookup(word)
        alternatives = list(self._alternatives(word, entry, weight))
        parts = self._decompounder.split(word)
        if parts:
            terms = tuple(stem(part) for part in parts)
            alternatives.append(Alternative(terms, weight * PARTS))
        return Concept(label, tuple(alternatives), entry.weight if entry else 1.0)

    def _alternatives(self, word: str, entry: Entry | None, weight: float) -> list[Alternative]:
        """The word's own term and whatever the lexicon says it means."""
        term = stem(word)
        if entry is None:
            return [Alternative((term,), weight * EXACT)] if self._known(term) else []
        listed = any(
            content_words(target) == (word,) or _stems(target) == (term,) for target in entry.terms
        )
        found = list(self._targets(entry, weight * (RELATED if listed else LEXICON)))
        if self._known(term):
            found.append(Alternative((term,), weight * (EXACT if listed else SHADOWED)))
        return found

    def _targets(self, entry: Entry, weight: float) -> tuple[Alternative, ...]:
        result = []
        for target in entry.terms:
            terms = _stems(target)
            if terms:
                result.append(Alternative(terms, weight))
        return tuple(result)

    def _corrected(self, word: str) -> Concept:
        """The word replaced by its nearest known spellings, each with all it stands for."""
        alternatives: list[Alternative] = []
        weight = 1.0
        for candidate, distance in self._speller.corrections(word):
            concept = self._concept(candidate, FUZZY[distance], word)
            alternatives.extend(concept.alternatives)
            weight = min(weight, concept.weight)
        return Concept(word, tuple(alternatives), weight)

    def _split_with_typo(self, word: str) -> list[Concept]:
        """A compound with a typo in its last or first part: 'gewerbeanmeldng'."""
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            if self._decompounder.is_word(head):
                corrected = self._corrected(tail)
                if corrected.alternatives:
                    return [self._concept(head, 1.0, head), corrected]
            if self._decompounder.is_word(tail):
                corrected = self._corrected(head)
                if corrected.alternatives:
                    return [corrected, self._concept(tail, 1.0, tail)]
        return []
