"""rathaus casework-generate --cases N: fill a PostgreSQL database with realistic test cases.

For measuring the back office at size (benchmarks/worklist_benchmark.py). The authorities and
services are the database's own (register and published forms); caseworkers, teams and
missing deadlines are added. Refused in production, on SQLite and beside real submissions
(see `casework/generator/safety.py`).
"""

from __future__ import annotations

import random
import time
from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from rathaus.casework.generator import load
from rathaus.casework.generator.rows import Counters, Synthesis
from rathaus.casework.generator.safety import generation_refusal
from rathaus.casework.generator.world import WorldMissing, authorities_pick, world_make


class Command(BaseCommand):
    help = (
        "Erzeugt realistische Testvorgänge in einer eigenen PostgreSQL-Datenbank (für "
        "Messungen). / Generates realistic test cases in a PostgreSQL database of its own."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cases", type=int, default=1000, help="wie viele Vorgänge")
        parser.add_argument(
            "--authority",
            action="append",
            default=[],
            help="Behörde (Kurzname, Name oder Nummer), mehrfach; sonst die kreisfreien Städte",
        )
        parser.add_argument("--staff", type=int, default=24, help="Sachbearbeitung je Behörde")
        parser.add_argument("--teams", type=int, default=4, help="Teams je Behörde (1–6)")
        parser.add_argument("--years", type=float, default=3.0, help="Eingänge über so viele Jahre")
        parser.add_argument("--seed", type=int, default=2026, help="Startwert des Zufalls")
        parser.add_argument(
            "--force",
            action="store_true",
            help="auch wenn die Datenbank schon echte Anträge enthält (Wegwerf-Kopie)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["cases"] < 1 or not 1 <= options["teams"] <= 6 or options["staff"] < 1:
            raise CommandError(
                "--cases und --staff mindestens 1, --teams 1 bis 6. / --cases and --staff at "
                "least 1, --teams 1 to 6."
            )
        refusal = generation_refusal(force=options["force"])
        if refusal:
            raise CommandError(refusal)
        started = time.perf_counter()
        count = self._generate(options)
        loaded = time.perf_counter() - started
        load.tables_analyse()
        total = time.perf_counter() - started
        self.stdout.write(
            f"{count:,} Vorgänge erzeugt / cases generated in {loaded:.0f} s "
            f"(+ VACUUM ANALYZE {total - loaded:.0f} s)"
        )

    def _generate(self, options: dict[str, Any]) -> int:
        try:
            with transaction.atomic():
                world = world_make(
                    authorities=authorities_pick(options["authority"]),
                    staff=options["staff"],
                    teams=options["teams"],
                )
                for plan in world.authorities:
                    self.stdout.write(f"  {plan.name}: Anteil / share {plan.weight:,}")
                now = timezone.now()
                first_year = (now - timedelta(days=365.25 * options["years"])).year
                counters = Counters(load.counters_load(world, range(first_year, now.year + 1)))
                rng = random.Random(options["seed"])  # noqa: S311 - test data, no secret
                rows = Synthesis(world, rng, counters).rows(
                    options["cases"], now=now, years=options["years"]
                )
                count = load.rows_copy(rows, progress=self._progress)
                load.constraints_check()
                load.counters_save(counters)
                return count
        except WorldMissing as missing:
            raise CommandError(str(missing)) from None

    def _progress(self, done: int) -> None:
        if done % 100_000 == 0:
            self.stdout.write(f"  {done:,} …")
