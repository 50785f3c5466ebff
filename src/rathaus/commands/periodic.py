"""Jobs a worker runs on a timer beside the task queue: the outbox sweep, the purges.

Each runs in a daemon thread of `rathaus worker`. They are safe to run in several workers
at once: each job changes rows only by condition (compare-and-set), never by count.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import close_old_connections

logger = logging.getLogger(__name__)

FIRST_RUN = 60.0  # seconds after start, at the latest, that each job runs first


@dataclass(frozen=True)
class Job:
    name: str
    every_seconds: float
    run: Callable[[], object]


def default_jobs() -> list[Job]:
    from django.conf import settings

    from rathaus.submissions.delivery.outbox import deliveries_sweep
    from rathaus.submissions.retention import retention_apply

    return [
        Job("deliveries_sweep", settings.RATHAUS_DELIVERY_SWEEP_SECONDS, deliveries_sweep),
        Job("retention_apply", 3600, retention_apply),
    ]


def _loop(jobs: list[Job], stop: threading.Event, tick: float) -> None:
    # first runs a little after start (at most a minute), so a short-lived worker (tests, a
    # quick restart) does not race its own queue, and a worker restarted often still runs them
    started = time.monotonic()
    last = {
        job.name: started - job.every_seconds + min(job.every_seconds, FIRST_RUN) for job in jobs
    }
    while not stop.is_set():
        for job in jobs:
            if time.monotonic() - last[job.name] < job.every_seconds:
                continue
            last[job.name] = time.monotonic()
            try:
                close_old_connections()
                result = job.run()
                logger.info("Zeitgesteuerte Aufgabe %s: %s", job.name, result)
            except Exception:  # a failing job must not stop the others or the worker
                logger.exception("Zeitgesteuerte Aufgabe %s fehlgeschlagen", job.name)
            finally:
                close_old_connections()
        stop.wait(tick)


def periodic_start(jobs: list[Job], *, tick: float = 1.0) -> threading.Event:
    """Run the jobs in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_loop, args=(jobs, stop, tick), name="rathaus-periodic", daemon=True
    )
    thread.start()
    return stop
