"""Scoring services for an analysed query.

A service earns, per concept, the best of that concept's alternatives: the field weight of
each term found (service name ≫ OZG name > Lebenslage > Themenfeld) times the term's idf times
the alternative's weight. The sum over concepts is then scaled by the share of concepts the
service covers, so a service that answers all of "Perso abgelaufen" beats one that matches
"Perso" twice as well but ignores "abgelaufen". A concept counts as covered in proportion to
how well the service matches it compared with the services that match the same alternative
best: a word that only occurs in a service's Themenfeld covers little.
"""

from __future__ import annotations

from collections import defaultdict

from rathaus.catalog.search.query import Alternative, Concept, Query

Postings = dict[str, dict[int, float]]

# How strongly missing concepts pull a service down: score × coverage ** COVERAGE_POWER.
COVERAGE_POWER = 2.0
# A service with this share of the best score for an alternative covers the concept fully.
FULL_COVER = 1.0


def concept_scores(
    concept: Concept, postings: Postings, idf: dict[str, float]
) -> tuple[dict[int, float], dict[int, float]]:
    """Per service, the best score among the concept's alternatives, and how fully it covers
    the concept (1.0 when it matches an alternative about as well as the best service does).

    An alternative of several terms ("Hilfe zur Pflege", the parts of a compound) only counts
    for services that have all of them; it scores their mean.
    """
    best: dict[int, float] = {}
    cover: dict[int, float] = {}
    for alternative in concept.alternatives:
        scores = _alternative_scores(alternative, postings, idf)
        if not scores:
            continue
        full = FULL_COVER * max(scores.values())
        for service_id, score in scores.items():
            if score > best.get(service_id, 0.0):
                best[service_id] = score
            share = min(1.0, score / full)
            if share > cover.get(service_id, 0.0):
                cover[service_id] = share
    return best, cover


def _alternative_scores(
    alternative: Alternative, postings: Postings, idf: dict[str, float]
) -> dict[int, float]:
    share = alternative.weight / len(alternative.terms)
    found = [(postings.get(term), idf.get(term, 0.0)) for term in alternative.terms]
    lists = [(posting, weight) for posting, weight in found if posting]
    if len(lists) < len(found):
        return {}
    lists.sort(key=lambda item: len(item[0]))
    first, first_idf = lists[0]
    scores = {service_id: weight * first_idf * share for service_id, weight in first.items()}
    for posting, term_idf in lists[1:]:
        factor = term_idf * share
        scores = {
            service_id: score + posting[service_id] * factor
            for service_id, score in scores.items()
            if service_id in posting
        }
    return scores


def query_scores(query: Query, postings: Postings, idf: dict[str, float]) -> dict[int, float]:
    """Every service that matches at least one concept, with its score."""
    totals: dict[int, float] = defaultdict(float)
    covered: dict[int, float] = defaultdict(float)
    for concept in query.concepts:
        scores, cover = concept_scores(concept, postings, idf)
        for service_id, score in scores.items():
            totals[service_id] += score * concept.weight
            covered[service_id] += concept.weight * cover[service_id]
    whole = sum(concept.weight for concept in query.concepts)
    return {
        service_id: total * (covered[service_id] / whole) ** COVERAGE_POWER
        for service_id, total in totals.items()
    }
