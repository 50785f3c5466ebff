"""Splitting German compounds into words the catalogue knows.

General splitters learn where a word breaks from a large corpus; here the question is narrower
and the answer must be catalogue words: which known words, joined by the usual linking elements,
make up this word? "Anwohnerparkausweis" → anwohner + parkausweis (→ park + ausweis),
"Hundesteuerbefreiung" → hundesteuer + befreiung, "Führungszeugnis" → fuehrung + s + zeugnis.
"""

from __future__ import annotations

from collections.abc import Iterable

from rathaus.catalog.search.text import stem

# Fugenelemente between the parts of a compound, the empty one first.
LINKING_ELEMENTS = ("", "s", "es", "n", "en", "er", "e", "ns")
MIN_PART = 3
# A part is also accepted when its stem is known, but only from this length on: short
# fragments stem to something known far too often ("kinde" → "kind").
MIN_STEMMED_PART = 5

# Splits remembered per process; queries bring new words without end, so the memory is capped.
MAX_CACHED = 100_000

Split = tuple[str, ...]


class Decompounder:
    """Finds the split of a word into the fewest known words."""

    def __init__(self, words: Iterable[str], stems: Iterable[str]) -> None:
        self._words = frozenset(word for word in words if len(word) >= MIN_PART)
        self._stems = frozenset(stems)
        self._components: dict[str, frozenset[str]] = {}
        self._splits: dict[str, Split | None] = {}

    def is_word(self, part: str) -> bool:
        """Whether a folded string is a word of the vocabulary (as written or by its stem)."""
        if part in self._words:
            return True
        return len(part) >= MIN_STEMMED_PART and stem(part) in self._stems

    def split(self, word: str) -> Split | None:
        """The fewest (at least two) known words that make up `word`, or None."""
        if word not in self._splits:
            if len(self._splits) > MAX_CACHED:
                self._splits.clear()
            self._splits[word] = self._split(word)
        return self._splits[word]

    def _split(self, word: str) -> Split | None:
        if len(word) < 2 * MIN_PART:
            return None
        best: dict[int, Split] = {len(word): ()}
        for start in range(len(word) - MIN_PART, -1, -1):
            found = self._best_from(word, start, best)
            if found is not None:
                best[start] = found
        result = best.get(0)
        return result if result is not None and len(result) >= 2 else None

    def _best_from(self, word: str, start: int, best: dict[int, Split]) -> Split | None:
        """The best split of word[start:] given the best splits of every later position."""
        candidates: list[Split] = []
        for rest, tail in best.items():
            for link in LINKING_ELEMENTS:
                end = rest - len(link)
                if end - start < MIN_PART or (link and not tail) or (start == 0 and not tail):
                    continue
                if word.startswith(link, end) and self.is_word(word[start:end]):
                    candidates.append((word[start:end], *tail))
        if not candidates:
            return None
        # Fewest parts; then words as written over words found by their stem
        # ("fuehrung" + s, not "fuehrungs"); then the most even split.
        return min(
            candidates,
            key=lambda parts: (
                len(parts),
                sum(part not in self._words for part in parts),
                -min(len(part) for part in parts),
            ),
        )

    def components(self, word: str) -> frozenset[str]:
        """Every known word inside `word`, at any depth ('bewohnerparkausweis' → 4 words)."""
        cached = self._components.get(word)
        if cached is not None:
            return cached
        found: set[str] = set()
        parts = self.split(word)
        for part in parts or ():
            found.add(part)
            found.update(self.components(part))
        result = frozenset(found)
        self._components[word] = result
        return result
