"""The search engine: a weighted inverted index over analysed terms, and the ranking on top."""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from rathaus.catalog.search.compounds import Decompounder
from rathaus.catalog.search.lexicon import Lexicon, lexicon
from rathaus.catalog.search.query import Query, QueryAnalyser
from rathaus.catalog.search.ranking import Postings, query_scores
from rathaus.catalog.search.spelling import Speller
from rathaus.catalog.search.text import content_words, stem

# Field weights: the service name decides, the OZG name helps, the Lebenslage and the
# Themenfeld only place a service in its surroundings.
FIELD_WEIGHTS = {
    "name": 4.0,
    "keywords": 3.0,
    "ozg_name": 1.6,
    "law": 1.0,
    "life_situation": 0.8,
    "topic": 0.3,
}
# Length normalisation of the name (as in BM25): a word in a short name says more about the
# service than the same word among fifteen others.
NAME_LENGTH_B = 0.4
# A word found only inside a compound ("Park" in "Bewohnerparkausweis") counts this much.
PART_WEIGHT = 0.5
# Scores closer than this are a tie (floating-point sums differ in the last digits).
TIE = 1e-6
# A key ending in 000000 is the general entry of a LeiKa service ("Personalausweis").
GENERAL_SUFFIX = "000000"


@dataclass(frozen=True)
class Document:
    """The searchable text of one service."""

    service_id: int
    leika_key: str | None
    slug: str
    name: str
    keywords: str
    law: str
    ozg_name: str
    life_situation: str
    topic: str

    @property
    def is_general(self) -> bool:
        """The general entry of a LeiKa service rather than one of its variants."""
        return bool(self.leika_key and self.leika_key.endswith(GENERAL_SUFFIX))


def _field_words(documents: list[Document]) -> dict[int, dict[str, tuple[str, ...]]]:
    return {
        doc.service_id: {field: content_words(getattr(doc, field)) for field in FIELD_WEIGHTS}
        for doc in documents
    }


class Engine:
    """Holds the postings of every term; answers a query with scored services."""

    def __init__(self, documents: list[Document], citizen_words: Lexicon | None = None) -> None:
        self.documents = {doc.service_id: doc for doc in documents}
        # Among equal scores: the general entry, then the shorter name, then the name.
        self._tie_break = {
            doc.service_id: (not doc.is_general, len(doc.name), doc.name) for doc in documents
        }
        self.lexicon = citizen_words or lexicon()
        fields = _field_words(documents)
        frequencies = Counter(
            word
            for by_field in fields.values()
            for word in {w for ws in by_field.values() for w in ws}
        )
        single_keys = [key[0] for key in self.lexicon.by_spelling if len(key) == 1]
        # Words a compound may be made of: catalogue words and words the lexicon translates.
        words = set(frequencies) | set(single_keys)
        for target in self.lexicon.target_texts():
            words.update(content_words(target))
        self.decompounder = Decompounder(words, {stem(word) for word in words})
        self.postings = self._postings(fields)
        count = max(len(documents), 1)
        self.idf = {t: math.log(1 + count / len(p)) for t, p in self.postings.items()}
        spellings = dict.fromkeys(single_keys, 0) | dict(frequencies)
        self.analyser = QueryAnalyser(
            known=self.postings.__contains__,
            lexicon=self.lexicon,
            decompounder=self.decompounder,
            speller=Speller(spellings),
        )

    def _postings(self, fields: dict[int, dict[str, tuple[str, ...]]]) -> Postings:
        """Term → {service id: best field weight}, compound parts at a lower weight."""
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        average = sum(len(f["name"]) for f in fields.values()) / max(len(fields), 1)
        for service_id, by_field in fields.items():
            length = len(by_field["name"]) / max(average, 1.0)
            for field, field_words in by_field.items():
                weight = FIELD_WEIGHTS[field]
                if field == "name":
                    weight /= 1 - NAME_LENGTH_B + NAME_LENGTH_B * length
                for word in field_words:
                    self._post(postings, stem(word), service_id, weight)
                    for part in self.decompounder.components(word):
                        self._post(postings, stem(part), service_id, weight * PART_WEIGHT)
        return dict(postings)

    @staticmethod
    def _post(postings: Postings, term: str, service_id: int, weight: float) -> None:
        posting = postings.setdefault(term, {})
        if weight > posting.get(service_id, 0.0):
            posting[service_id] = weight

    def analyse(self, query: str) -> Query:
        """The concepts of a query and the index terms that stand for them."""
        return self.analyser.analyse(query)

    def query_terms(self, query: str) -> list[str]:
        """The analysed index terms of a query (what `lookup` is timed with)."""
        return self.analyse(query).terms()

    def lookup(self, terms: list[str]) -> dict[str, dict[int, float]]:
        """The raw index lookup: postings of each term."""
        return {term: self.postings.get(term, {}) for term in terms}

    def search(self, query: str, limit: int = 20) -> list[tuple[int, float]]:
        """Best services first, as (service id, score); the general entry wins a tie."""
        if limit < 1:
            return []
        scores = query_scores(self.analyse(query), self.postings, self.idf)
        if not scores:
            return []
        # Only services scoring at least the limit-th best can make the list; ties with it
        # (equal up to rounding) are ordered by the tie-break.
        cutoff = heapq.nlargest(limit, scores.values())[-1] - TIE
        ties = self._tie_break
        candidates = [(sid, score) for sid, score in scores.items() if score >= cutoff]
        candidates.sort(key=lambda item: (-round(item[1], 6), ties[item[0]]))
        return candidates[:limit]
