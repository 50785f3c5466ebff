"""The in-process search index, rebuilt from the database whenever the catalogue changes."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

from rathaus.catalog.models import SearchIndexState, Service
from rathaus.catalog.search.engine import Document, Engine

_lock = threading.Lock()
_cached: tuple[int, Engine] | None = None


@dataclass(frozen=True)
class SearchHit:
    """One service in a result list."""

    service_id: int
    leika_key: str | None
    slug: str
    name: str
    score: float


def search_index_invalidate() -> None:
    """Tell every process that its index is stale (one row, one write).

    The new version is random rather than incremented: a counter can return to an old value
    when a transaction rolls back, and a process would then keep an index built from data
    that never committed.
    """
    SearchIndexState.objects.update_or_create(pk=1, defaults={"version": secrets.randbits(62) + 1})


def _current_version() -> int:
    state = SearchIndexState.objects.filter(pk=1).values_list("version", flat=True).first()
    return state or 0


def _documents() -> list[Document]:
    rows = Service.objects.values_list(
        "pk",
        "leika_key",
        "slug",
        "name",
        "keywords",
        "law_abbreviation",
        "ozg_service__name",
        "ozg_service__life_situation__name",
        "ozg_service__life_situation__topic__name",
    )
    return [
        Document(
            service_id=pk,
            leika_key=key,
            slug=slug,
            name=name,
            keywords=keywords,
            law=law,
            ozg_name=ozg or "",
            life_situation=situation or "",
            topic=topic or "",
        )
        for pk, key, slug, name, keywords, law, ozg, situation, topic in rows
    ]


def engine() -> Engine:
    """The index for the current catalogue version, built once per process and version."""
    global _cached
    version = _current_version()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        if _cached is None or _cached[0] != version:
            _cached = (version, Engine(_documents()))
        return _cached[1]


def search_services(query: str, *, limit: int = 20) -> list[SearchHit]:
    """The services that best answer a citizen's query, best first."""
    index = engine()
    hits = []
    for service_id, score in index.search(query, limit=limit):
        doc = index.documents[service_id]
        hits.append(SearchHit(service_id, doc.leika_key, doc.slug, doc.name, score))
    return hits
