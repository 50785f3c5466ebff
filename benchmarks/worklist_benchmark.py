"""The back office's worklist pages on a million cases: time and queries per page.

Run: .venv/bin/python benchmarks/worklist_benchmark.py [--cases 1000000] [--runs 50] [--reuse]
     [--postgres postgres://postgres@127.0.0.1:5432/rathaus_case_benchmark]
     [--parallel-workers 0]

Goal (back office issue, item 8): p95 ≤ 50 ms for the first page of each worklist and for a
filtered, searched page, on PostgreSQL with 1,000,000 cases.
1. Setup (skipped with --reuse when the database already holds cases; `migrate` still runs,
   for new indexes): the database named by --postgres is dropped and made anew, migrated,
   filled with the real register (regions, catalogue, rules, authorities) and the demo's
   published forms, then `rathaus casework-generate --cases N` (timed, its output shown).
   The five kreisfreie Städte share the cases by population: Frankfurt has about half.
   The database gets max_parallel_workers_per_gather = 0, as docs/operations.md recommends
   for the back office (-1 leaves PostgreSQL's default of 2).
2. In a process of its own: a generated caseworker of the authority with the most cases,
   logged in with a verified TOTP device as tests/staff.py does. Baselines first: `SELECT 1`,
   one case by primary key through the ORM, and a view that reads one case by primary key
   (RATHAUS_BENCHMARK_VIEWS) through the same client. Then for each page kind — the first
   page of each tab (new, mine, team, overdue, all), filters, reference prefix, name searches
   (the most common family name, a rare one, one of three words that always occur together,
   a given and a family name), a filtered and
   searched page, the next page and a page 100,000 cases deep through the cursor, and a Land
   operator's "all" over every case — p50/p95 in ms over --runs runs through
   `selectors.worklist()` and through the view over Django's test Client, the SQL queries of
   one page (CaptureQueriesContext), and the view's p50 as a multiple of the baseline view's.
Figures, not a timed test: nothing fails when they are high.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RATHAUS = Path(sys.executable).with_name("rathaus")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/rathaus_case_benchmark"
WARM_UP = 3
Figures = tuple[float, float, int]  # p50 ms, p95 ms, queries
FORMS = """
from pathlib import Path
from django.conf import settings
from rathaus.commands.demo_data import demo_forms_create
demo_forms_create(Path(settings.RATHAUS_DATA_DIR))
"""


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples), cuts[18]


def timed(call: Callable[[], object], runs: int) -> tuple[float, float]:
    """p50 and p95 in milliseconds over `runs` calls, after a few unmeasured ones."""
    for _ in range(WARM_UP):
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


# --- setup (parent process, no Django) ---------------------------------------------------


def admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def generated_cases(url: str) -> int:
    """How many cases the database holds (0 if it or its tables do not exist)."""
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            row = connection.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE relname = 'casework_case'"
            ).fetchone()
            return int(row[0]) if row else 0
    except psycopg.OperationalError:
        return 0


def parallel_set(url: str, workers: int) -> None:
    """Parallel query for the database's new sessions: a number, or PostgreSQL's default."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    setting = (
        "RESET max_parallel_workers_per_gather"
        if workers < 0
        else (f"SET max_parallel_workers_per_gather = {int(workers)}")
    )
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{name}" {setting}')


def rathaus(env: dict[str, str], *args: str, show: bool = False) -> None:
    done = subprocess.run(
        [str(RATHAUS), *args], env=env, capture_output=not show, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"rathaus {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def setup(url: str, env: dict[str, str], cases: int) -> None:
    """A fresh database with the register, the demo forms and `cases` generated cases."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    rathaus(env, "migrate", "--verbosity", "0")
    for kind in ("regions", "catalog", "rules", "authorities"):
        rathaus(env, "import", kind)
    rathaus(env, "shell", "-c", FORMS)
    print(f"setup: migrate, register and forms in {time.perf_counter() - started:.0f} s")
    sys.stdout.flush()
    started = time.perf_counter()
    rathaus(env, "casework-generate", "--cases", str(cases), show=True)
    print(f"generation: {cases:,} cases in {time.perf_counter() - started:.0f} s (wall clock)")


# --- measuring (child process, Django) ---------------------------------------------------


class Pages:
    """The page kinds: (label, query parameters of the view) for one caseworker's data."""

    def __init__(self, user: Any) -> None:
        from django.db.models import Count
        from django.utils import timezone

        from rathaus.casework.generator.names import FAMILY, GIVEN
        from rathaus.casework.models import Case
        from rathaus.casework.selectors import cursor_make, visible_cases

        mine = visible_cases(user=user)
        top = mine.values("service_id").annotate(n=Count("pk")).order_by("-n").first()
        assert top is not None, "the caseworker's authority has no cases"
        today = timezone.localdate()
        last_year = mine.filter(received_at__year=today.year - 1).order_by("received_at")
        sample = last_year[last_year.count() // 2 :].values_list("reference", flat=True)[0]
        prefix = sample[:-2]  # the last two digits left off: up to 100 cases
        deep = cursor_make(mine.order_by("-received_at", "-pk")[100_000])
        days = {"received_from": (today - timedelta(days=90)).isoformat()}
        year = {"received_from": (today - timedelta(days=365)).isoformat()}
        service = {"service": str(top["service_id"])}
        self.kinds: list[tuple[str, dict[str, str]]] = [
            *((f"tab {tab}", {"liste": tab}) for tab in ("new", "mine", "team", "overdue", "all")),
            ("filter: service, in progress, 90 days", {**service, "status": "in_progress", **days}),
            ("filter: reference prefix", {"reference": prefix}),
            ("search: reference prefix", {"q": prefix}),
            ("search: family name (most common)", {"q": FAMILY[0]}),
            ("search: family name (rare)", {"q": FAMILY[-3]}),
            ("search: 3-word family name (words co-occur)", {"q": FAMILY[-1]}),
            ("search: given + family name", {"q": f"{GIVEN[1]} {FAMILY[3]}"}),
            (
                "filter + search: service, closed, year, name",
                {**service, "status": "closed", **year, "q": FAMILY[2]},
            ),
            ("tab new + search: family name", {"liste": "new", "q": FAMILY[2]}),
            ("next page (cursor)", {}),  # the cursor is the first page's, added when measured
            ("page after 100,000 cases (cursor)", {"nach": deep}),
        ]
        self.kinds = [(label, {"liste": "all", **params}) for label, params in self.kinds]
        self.total = Case.objects.count()
        self.visible = mine.count()


def query_of(params: dict[str, str]) -> Any:
    """The selector's query for the view's parameters (as the view's form cleans them)."""
    from datetime import date

    from rathaus.casework.selectors import WorklistQuery

    query = WorklistQuery(tab=params.get("liste", "new"), cursor=params.get("nach", ""))
    query.service = int(params["service"]) if "service" in params else None
    query.status = params.get("status", "")
    query.received_from = (
        date.fromisoformat(params["received_from"]) if "received_from" in params else None
    )
    query.received_to = (
        date.fromisoformat(params["received_to"]) if "received_to" in params else None
    )
    query.reference = params.get("reference", "")
    query.search = params.get("q", "")
    return query


def people() -> tuple[Any, Any]:
    """A generated caseworker of the authority with the most cases, and a Land operator."""
    from django.contrib.auth.models import User
    from django.db.models import Count

    from rathaus.authorities.services import staff_account_create
    from rathaus.casework.models import Case

    biggest = Case.objects.values("authority_id").annotate(n=Count("pk")).order_by("-n").first()
    assert biggest is not None, "no cases: run without --reuse"
    caseworker = User.objects.get(username=f"testdaten-{biggest['authority_id']}-001")
    operator, _new = staff_account_create(
        username="testdaten-betrieb", email="testdaten-betrieb@testdaten.invalid", password=None
    )
    operator.is_superuser = True
    operator.save(update_fields=["is_superuser"])
    return caseworker, operator


def row(label: str, selector: Figures, view: Figures, base: float) -> None:
    print(
        f"  {label:<46}{selector[0]:7.1f}{selector[1]:7.1f}{selector[2]:4d}"
        f"   {view[0]:7.1f}{view[1]:7.1f}{view[2]:4d}{view[0] / base:7.1f}"
    )


def queries(call: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def figures(call: Callable[[], object], runs: int) -> Figures:
    count = queries(call)
    p50, p95 = timed(call, runs)
    return p50, p95, count


def page_figures(
    user: Any, client: Any, params: dict[str, str], runs: int
) -> tuple[Figures, Figures]:
    """(selector figures, view figures) of one page kind."""
    from rathaus.casework.selectors import worklist

    def through_selector() -> object:
        return worklist(user=user, query=query_of(params))

    def through_view() -> object:
        response = client.get("/sachbearbeitung/", params)
        assert response.status_code == 200, response.status_code
        return response

    return figures(through_selector, runs), figures(through_view, runs)


def baselines(client: Any, runs: int) -> tuple[Figures, Figures, Figures]:
    """`SELECT 1`, one case by primary key through the ORM and through a bare view."""
    from django.db import connection

    from rathaus.casework.models import Case

    case_id = Case.objects.order_by("-received_at").values_list("pk", flat=True)[500]

    def select_one() -> object:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()

    def by_pk() -> object:
        return Case.objects.filter(pk=case_id).values_list("reference", flat=True).first()

    def view() -> object:
        response = client.get(f"/_benchmark/read/{case_id}/")
        assert response.status_code == 200, response.status_code
        return response

    return figures(select_one, runs), figures(by_pk, runs), figures(view, runs)


def measure(runs: int) -> None:
    """Runs in a process of its own, with DATABASE_URL naming the filled database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.config.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from tests.staff import staff_client

    from rathaus.casework.selectors import WorklistQuery, worklist

    plain = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES={**django.conf.settings.STORAGES, **plain}):
        caseworker, operator = people()
        client = staff_client(caseworker, Client(HTTP_HOST="localhost"))
        pages = Pages(caseworker)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SHOW max_parallel_workers_per_gather")
            parallel = cursor.fetchone()[0]
        print(
            f"PostgreSQL {version} (max_parallel_workers_per_gather = {parallel}); "
            f"{pages.total:,} cases; caseworker {caseworker.username} sees {pages.visible:,}; "
            f"{runs} runs per figure; ms"
        )
        select_one, by_pk, view = baselines(client, runs)
        print(f"  {'baselines':<46}{'ORM p50  p95   q':>25}   {'view p50   p95   q':>20}")
        print(f"  {'SELECT 1':<46}{select_one[0]:7.2f}{select_one[1]:7.2f}{select_one[2]:4d}")
        print(
            f"  {'one case by primary key':<46}{by_pk[0]:7.2f}{by_pk[1]:7.2f}{by_pk[2]:4d}"
            f"   {view[0]:7.1f}{view[1]:7.1f}{view[2]:4d}"
        )
        print(
            f"  {'page':<46}{'selector p50  p95   q':>25}   {'view p50   p95   q':>20}{'× base':>7}"
        )
        for label, params in pages.kinds:
            if label.startswith("next page"):
                first = worklist(user=caseworker, query=WorklistQuery(tab="all"))
                params["nach"] = first.next_cursor
            row(label, *page_figures(caseworker, client, params, runs), view[0])
        boss = staff_client(operator, Client(HTTP_HOST="localhost"))
        every = {"liste": "all"}
        label = f"Land operator: tab all ({pages.total:,})"
        row(label, *page_figures(operator, boss, every, runs), view[0])
        print("× base: view p50 / p50 of the view that reads one case by primary key")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="keep an already filled database")
    parser.add_argument("--postgres", default=DEFAULT_URL, help="database to (re)create and fill")
    parser.add_argument(
        "--parallel-workers",
        type=int,
        default=0,
        help="max_parallel_workers_per_gather of the database (0 as docs/operations.md "
        "recommends for the back office; -1: leave PostgreSQL's default)",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.runs)
        return
    env = {**os.environ, "DATABASE_URL": args.postgres, "RATHAUS_BENCHMARK_VIEWS": "1"}
    found = generated_cases(args.postgres) if args.reuse else 0
    if found:
        print(f"reusing {args.postgres.rsplit('/', 1)[1]}: about {found:,} cases")
        rathaus(env, "migrate", "--verbosity", "0")
    else:
        setup(args.postgres, env, args.cases)
    parallel_set(args.postgres, args.parallel_workers)
    sys.stdout.flush()
    command = [sys.executable, __file__, "--measure", "--runs", str(args.runs)]
    done = subprocess.run(command, env=env, check=False)
    raise SystemExit(done.returncode)


if __name__ == "__main__":
    main()
