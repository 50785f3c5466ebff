"""Speed of the audit trail: appends per second, and how fast `rathaus audit verify` walks it.

Run: .venv/bin/python benchmarks/audit_benchmark.py [--appends 1000] [--verify-entries 100000]
     [--postgres postgres://postgres@127.0.0.1:5432/test]   (empty string: SQLite only)

For SQLite (a fresh file, WAL, IMMEDIATE transactions, as in production) and for PostgreSQL
(a fresh database beside the one named), each in its own process with only the audit tables:
1. baselines: a transaction that runs `SELECT 1` ("empty transaction") and one that inserts
   a row into a plain table, each committed on its own;
2. `audit_record` appends, each in its own transaction (lock head, insert, move head);
   1 and 2 run in 5 interleaved rounds and the median of each is printed, so that a machine
   busy with other work slows all of them alike;
3. a chain of `--verify-entries` entries (bulk-loaded, not measured as appends), then
   `audit_verify` over all of it: entries per second.
Figures, not a timed test: nothing fails when they are low.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATABASE = "rathaus_audit_benchmark"
ROUNDS = 5


def per_second(count: int, call: Callable[[int], None], first: int = 0) -> float:
    start = time.perf_counter()
    for number in range(first, first + count):
        call(number)
    return count / (time.perf_counter() - start)


def child(appends: int, verify_entries: int) -> dict[str, Any]:
    """Runs in a process of its own, with DATABASE_URL naming an empty database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.config.settings")
    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)  # the audit tables only, without post_migrate
    executor.migrate([node for node in executor.loader.graph.leaf_nodes() if node[0] == "audit"])
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_plain (id integer PRIMARY KEY, payload text)")
    figures: dict[str, Any] = {"vendor": connection.vendor, **append_figures(appends)}
    return figures | verify_figures(verify_entries)


def append_figures(appends: int) -> dict[str, float]:
    """Transactions per second: empty, a plain insert, an audit_record append."""
    from django.db import connection, transaction

    from rathaus.audit.models import AuditAction
    from rathaus.audit.services import Actor, audit_record

    def empty(_: int) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    def plain(number: int) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_plain VALUES (%s, %s)", [number, "x" * 120])

    def append(number: int) -> None:
        audit_record(
            actor=Actor.worker(),
            action=AuditAction.READ,
            obj_type="submissions.Submission",
            obj_id=f"5f0c7a1e-{number:012d}",
            authority_id=4711,
            reason="Bearbeitung",
            details={"fields": ["name", "anschrift", "geburtsdatum"]},
        )

    # interleaved rounds, median of each: a busy machine then slows all three alike
    rates: dict[str, list[float]] = {"empty_tx": [], "plain_insert": [], "append": []}
    each, done = max(1, appends // ROUNDS), 0
    for _round in range(ROUNDS):
        rates["empty_tx"].append(per_second(each, empty))
        rates["plain_insert"].append(per_second(each, plain, done))
        rates["append"].append(per_second(each, append, done))
        done += each
    return {name: statistics.median(values) for name, values in rates.items()}


def chain_load(total: int) -> None:
    """Appends entries in bulk (valid chain, head moved along) until there are `total`."""
    from django.db import transaction
    from django.utils import timezone

    from rathaus.audit.chain import HASHED_FIELDS, row_hash
    from rathaus.audit.models import AuditEntry, AuditHead

    head = AuditHead.objects.get()
    sequence, previous = head.sequence, head.entry_hash
    while sequence < total:
        batch = []
        for _ in range(min(5000, total - sequence)):
            sequence += 1
            entry = AuditEntry(
                sequence=sequence,
                created_at=timezone.now(),
                actor="sachbearbeitung-17",
                actor_user_id=17,
                actor_kind="user",
                action="read",
                object_type="submissions.Submission",
                object_id=f"5f0c7a1e-{sequence:012d}",
                authority_id=4711,
                reason="",
                details={"view": "change"},
                previous_hash=previous,
            )
            entry.entry_hash = previous = row_hash([getattr(entry, f) for f in HASHED_FIELDS])
            batch.append(entry)
        with transaction.atomic():
            AuditEntry.objects.bulk_create(batch)
            AuditHead.objects.update(sequence=sequence, entry_hash=previous)


def verify_figures(total: int) -> dict[str, Any]:
    """Loads the chain up to `total` entries, then times one full verification."""
    from rathaus.audit.selectors import audit_verify

    started = time.perf_counter()
    chain_load(total)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    result = audit_verify()
    seconds = time.perf_counter() - started
    if not result.intact or result.entries != total:
        raise SystemExit(f"verification failed: {result}")
    return {"entries": total, "load_s": loaded, "verify_s": seconds, "verify": total / seconds}


def fresh_postgres(base: str) -> str:
    import psycopg

    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    return base.rsplit("/", 1)[0] + "/" + DATABASE


def drop_postgres(base: str) -> None:
    import psycopg

    with psycopg.connect(base.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def run(url: str, home: Path, args: argparse.Namespace) -> dict[str, Any]:
    env = {**os.environ, "RATHAUS_HOME": str(home), "DATABASE_URL": url}
    command = [sys.executable, __file__, "--child"]
    command += ["--appends", str(args.appends), "--verify-entries", str(args.verify_entries)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def report(figures: dict[str, Any]) -> None:
    append = figures["append"]
    print(f"\n{figures['vendor']}")
    print(f"  empty transaction (SELECT 1, commit)  {figures['empty_tx']:9,.0f} /s")
    print(f"  plain insert, own transaction         {figures['plain_insert']:9,.0f} /s")
    print(
        f"  audit_record, own transaction         {append:9,.0f} /s"
        f"   = {append / figures['empty_tx']:.2f} × empty transaction,"
        f" {append / figures['plain_insert']:.2f} × plain insert"
    )
    print(
        f"  verify {figures['entries']:,} entries             {figures['verify_s']:9.2f} s"
        f"   = {figures['verify']:,.0f} entries/s  (bulk load took {figures['load_s']:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=1000)
    parser.add_argument("--verify-entries", type=int, default=100_000)
    default_pg = os.environ.get("DATABASE_URL", "")
    if not default_pg.startswith("postgres"):
        default_pg = "postgres://postgres@127.0.0.1:5432/test"
    parser.add_argument("--postgres", default=default_pg, help="empty: SQLite only")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.appends, args.verify_entries)))
        return
    print(f"{args.appends} appends per figure; verify over {args.verify_entries:,} entries")
    with tempfile.TemporaryDirectory(prefix="rathaus-audit-bench-") as home:
        report(run(f"sqlite:///{home}/audit.sqlite3", Path(home), args))
        if args.postgres:
            try:
                url = fresh_postgres(args.postgres)
            except Exception as error:  # no server: say so, keep the SQLite figures
                print(f"\npostgresql: not measured ({error})")
                return
            try:
                report(run(url, Path(home), args))
            finally:
                drop_postgres(args.postgres)


if __name__ == "__main__":
    main()
