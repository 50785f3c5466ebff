"""Quality and speed of the citizen search on a labelled query set.

Run: .venv/bin/python benchmarks/search_benchmark.py [--data DIR] [--queries CSV] [--min-top3 0.9]

It builds a throwaway SQLite database in a temporary folder, imports the real catalogue and
prints, per category and overall, how often an acceptable service is in the top 1 / top 3 and the
mean reciprocal rank, the misses with what was returned, the time per query over the whole
catalogue (warm index) and the time of the raw index lookup for the same analysed terms.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = (ROOT.parent / "shared" / "data").resolve()
TIMING_ROUNDS = 11


@dataclass(frozen=True)
class Case:
    """One labelled query: any acceptable key in the top 3 counts as a hit."""

    ident: str
    query: str
    category: str
    acceptable: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    case: Case
    rank: int | None
    returned: list[tuple[str, str]]


def cases_read(path: Path) -> list[Case]:
    """The query set: id, query, category, space-separated acceptable LeiKa keys."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Case(
                row["id"], row["query"], row["category"], frozenset(row["acceptable_keys"].split())
            )
            for row in csv.DictReader(handle)
        ]


def django_setup(home: Path) -> None:
    """Django on a fresh SQLite file in `home`, whatever DATABASE_URL says."""
    os.environ["RATHAUS_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "rathaus.config.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def catalogue_load(data: Path) -> float:
    """Migrate and import the catalogue; returns the seconds it took."""
    from django.core.management import call_command

    from rathaus.catalog.services import catalog_import

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    catalog_import(directory=data)
    return time.perf_counter() - started


def evaluate(cases: list[Case]) -> list[Outcome]:
    """The rank (1-based) of the first acceptable service for every case."""
    from rathaus.catalog.search.index import search_services

    outcomes = []
    for case in cases:
        hits = search_services(case.query, limit=10)
        keys = [hit.leika_key or "" for hit in hits]
        rank = next((i + 1 for i, key in enumerate(keys) if key in case.acceptable), None)
        returned = [(hit.leika_key or "-", hit.name) for hit in hits[:3]]
        outcomes.append(Outcome(case, rank, returned))
    return outcomes


def quality_print(outcomes: list[Outcome]) -> float:
    """Per category and overall: top-1, top-3, MRR; returns the overall top-3 share."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.case.category].append(outcome)
    groups["ALL"] = list(outcomes)
    print(f"{'category':<16}{'n':>4}{'top1':>8}{'top3':>8}{'MRR':>8}")
    for category, items in groups.items():
        top1 = sum(1 for o in items if o.rank == 1) / len(items)
        top3 = sum(1 for o in items if o.rank is not None and o.rank <= 3) / len(items)
        mrr = sum(1 / o.rank for o in items if o.rank) / len(items)
        print(f"{category:<16}{len(items):>4}{top1:>8.0%}{top3:>8.0%}{mrr:>8.2f}")
    misses = [o for o in outcomes if o.rank is None or o.rank > 3]
    print(f"\nmisses ({len(misses)}):")
    for miss in misses:
        print(f"  {miss.case.ident} [{miss.case.category}] {miss.case.query!r} rank={miss.rank}")
        for key, name in miss.returned:
            print(f"      {key} {name}")
    return sum(1 for o in outcomes if o.rank is not None and o.rank <= 3) / max(len(outcomes), 1)


def timings(run: Callable[[str], object], queries: list[str]) -> list[float]:
    """Milliseconds per query: every query once to warm up, then the median of several runs."""
    for query in queries:
        run(query)
    result = []
    for query in queries:
        runs = []
        for _ in range(TIMING_ROUNDS):
            started = time.perf_counter()
            run(query)
            runs.append(time.perf_counter() - started)
        result.append(statistics.median(runs) * 1000)
    return result


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def speed_print(queries: list[str]) -> None:
    """Full search time against raw postings lookup time for the same analysed terms."""
    from rathaus.catalog.search.index import engine, search_services

    index = engine()
    search_ms = timings(lambda q: search_services(q, limit=10), queries)
    lookup_ms = timings(lambda q: index.lookup(index.query_terms(q)), queries)
    s50, s95 = percentile(search_ms, 0.5), percentile(search_ms, 0.95)
    l50, l95 = percentile(lookup_ms, 0.5), percentile(lookup_ms, 0.95)
    print(f"\nsearch per query:   p50 {s50:.2f} ms  p95 {s95:.2f} ms  max {max(search_ms):.2f} ms")
    print(f"raw index lookup:   p50 {l50:.3f} ms  p95 {l95:.3f} ms  (same analysed terms)")
    print(f"ratio search/lookup: p50 {s50 / l50:.0f}x  p95 {s95 / l95:.0f}x")


def index_build_seconds() -> float:
    """Time to build the in-process index from the database (cold)."""
    from rathaus.catalog.search.index import engine, search_index_invalidate

    search_index_invalidate()
    started = time.perf_counter()
    index = engine()
    elapsed = time.perf_counter() - started
    print(f"index: {len(index.documents)} services, built in {elapsed * 1000:.0f} ms")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, set up a throwaway database, print quality and speed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--queries", type=Path, default=None)
    parser.add_argument("--min-top3", type=float, default=None)
    args = parser.parse_args(argv)
    queries_path = args.queries or args.data / "search" / "queries_dev.csv"
    cases = cases_read(queries_path)
    with tempfile.TemporaryDirectory(prefix="rathaus-search-bench-") as home:
        django_setup(Path(home))
        print(f"catalogue imported in {catalogue_load(args.data):.1f} s")
        index_build_seconds()
        print(f"\nqueries: {queries_path} ({len(cases)})")
        top3 = quality_print(evaluate(cases))
        speed_print([case.query for case in cases])
    if args.min_top3 is not None and top3 < args.min_top3:
        print(f"\ntop-3 {top3:.0%} is below the threshold {args.min_top3:.0%}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
