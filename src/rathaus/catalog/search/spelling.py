"""Typo tolerance: the catalogue words closest to a word nobody has written before."""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import process
from rapidfuzz.distance import OSA

# Corrections offered per misspelt word.
MAX_CORRECTIONS = 3


def max_distance(length: int) -> int:
    """Edits allowed for a word of this length: none for short words, where any edit
    makes another word ('Amt' → 'Akt'), one up to nine letters, two for longer ones."""
    if length <= 4:
        return 0
    if length <= 9:
        return 1
    return 2


class Speller:
    """Suggests known words within a small optimal-string-alignment distance."""

    def __init__(self, frequencies: dict[str, int]) -> None:
        self._frequencies = frequencies
        # People rarely mistype the first letter; requiring it keeps corrections plausible
        # and the candidate lists short.
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in frequencies:
            buckets[word[0], len(word)].append(word)
        self._buckets = dict(buckets)

    def corrections(self, word: str) -> list[tuple[str, int]]:
        """The nearest known words as (word, edits), commonest first; [] if none is near."""
        limit = max_distance(len(word))
        if limit == 0:
            return []
        choices = [
            candidate
            for length in range(len(word) - limit, len(word) + limit + 1)
            for candidate in self._buckets.get((word[0], length), ())
        ]
        found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
        found = [match for match in found if match[1] > 0]
        if not found:
            return []
        nearest = min(distance for _, distance, _ in found)
        best = [candidate for candidate, distance, _ in found if distance == nearest]
        best.sort(key=lambda candidate: (-self._frequencies[candidate], candidate))
        return [(candidate, int(nearest)) for candidate in best[:MAX_CORRECTIONS]]
