"""Ranking services for a citizen's query: a weighted inverted index over analysed terms."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

import Stemmer

from rathaus.common.text import fold

_WORD = re.compile(r"[a-z0-9]+")
_stemmer = Stemmer.Stemmer("german")

# Field weights: a word in the service name counts most.
FIELD_WEIGHTS = {"name": 3.0, "keywords": 2.0, "ozg_name": 1.2, "law": 1.0,
                 "life_situation": 0.6, "topic": 0.3}


@dataclass(frozen=True)
class Document:
    service_id: int
    leika_key: str | None
    slug: str
    name: str
    keywords: str
    law: str
    ozg_name: str
    life_situation: str
    topic: str


def analyse(text: str) -> list[str]:
    """Fold, split into words and stem."""
    return [_stemmer.stemWord(word) for word in _WORD.findall(fold(text))]


class Engine:
    """Holds the postings of every term; answers a query with scored documents."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents = {doc.service_id: doc for doc in documents}
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        for doc in documents:
            for field_name, weight in FIELD_WEIGHTS.items():
                for term in analyse(getattr(doc, field_name)):
                    current = postings[term].get(doc.service_id, 0.0)
                    postings[term][doc.service_id] = max(current, weight)
        self.postings = dict(postings)
        count = max(len(documents), 1)
        self.idf = {t: math.log(1 + count / len(p)) for t, p in self.postings.items()}

    def lookup(self, terms: list[str]) -> dict[str, dict[int, float]]:
        """The raw index lookup: postings of each term."""
        return {term: self.postings.get(term, {}) for term in terms}

    def search(self, query: str, limit: int = 20) -> list[tuple[int, float]]:
        """Best services first, as (service id, score)."""
        scores: dict[int, float] = defaultdict(float)
        for term, posting in self.lookup(analyse(query)).items():
            idf = self.idf.get(term, 0.0)
            for service_id, weight in posting.items():
                scores[service_id] += weight * idf
        ranked = sorted(scores.items(), key=lambda item: (-item[1], len(self.documents[item[0]].name)))
        return ranked[:limit]
