"""Finding a worklist's cases by the applicant's name words (blind index), newest first.

Every word of the search must be a word of the name. The index entries carry their case's
receipt, so one word's (or one pair's) entries are read in list order, each case checked for the
list's conditions and, one index probe each, for the other words, until a page is full.

A search for several words leads with the rarest pair of them: its entries are exactly the cases
that have both words, so reading them in order finds matches at once, whether the words are
common alone ("Thomas", "Maria") or always together ("von der Heide"). Leading with one word
and checking the others instead reads tens of thousands of entries when common words seldom
meet; intersecting the words' entries as sets instead sorts thousands of cases when they always
do. The few names too long to be indexed by pairs are read word by word (a second, small list).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from rathaus.casework.blind_index import MANY_WORDS, pair_digest, word_digest
from rathaus.casework.models import ApplicantToken, Case

RARE = 500  # pairs are counted up to this many cases to pick the rarest
COUNTED_WORDS = 4  # the pairs of up to this many of the searched words are counted (6)
# the list's order, from the leading word's copy of the receipt (ApplicantToken)
BY_NAME_ORDER = ("-applicant_tokens__received_at", "-applicant_tokens__case_id")
Cursor = tuple[datetime, uuid.UUID]


@dataclass(frozen=True)
class Part:
    """Cases of a list in their order (a page merges the newest of several parts)."""

    cases: QuerySet[Case]
    order: tuple[str, ...]


def by_name(cases: QuerySet[Case], words: set[str], after: Cursor | None) -> list[Part]:
    """The cases among `cases` whose applicant name has every one of `words` (folded)."""
    start: dict[str, Any] = {}
    if after is not None:  # where in the entries the page starts
        start["applicant_tokens__received_at__lte"] = after[0]
    if len(words) == 1:
        lead = word_digest(next(iter(words)))
        return [Part(cases.filter(applicant_tokens__digest=lead, **start), BY_NAME_ORDER)]
    pairs = {
        pair_digest(one, other): {one, other}
        for one, other in combinations(sorted(words)[:COUNTED_WORDS], 2)
    }
    lead = next(iter(pairs)) if len(pairs) == 1 else min(pairs, key=_frequency)
    paired = cases.filter(applicant_tokens__digest=lead, **start)
    long_names = cases.filter(applicant_tokens__digest=word_digest(MANY_WORDS), **start)
    return [
        Part(_probed(paired, words - pairs[lead]), BY_NAME_ORDER),
        Part(_probed(long_names, words), BY_NAME_ORDER),
    ]


def _probed(cases: QuerySet[Case], words: set[str]) -> QuerySet[Case]:
    """`cases` that also have these words, checked case by case (one index probe per word).

    A correlated subquery, not `pk IN (…)`: PostgreSQL turns the latter into a join whose
    size it estimates as if the words of a name were independent, which they are not.
    """
    for number, word in enumerate(sorted(words)):
        entry = ApplicantToken.objects.filter(case_id=OuterRef("pk"), digest=word_digest(word))
        cases = cases.alias(**{f"word_{number}": Subquery(entry.values("pk")[:1])}).filter(
            **{f"word_{number}__isnull": False}
        )
    return cases


def _frequency(digest: str) -> tuple[int, str]:
    """How many cases have this pair, counted up to RARE (enough to pick the rarest)."""
    count = ApplicantToken.objects.filter(digest=digest).values("case_id")[:RARE].count()
    return count, digest
