"""Appends from several connections at once still form one chain (PostgreSQL row lock).

The threads commit for real, each on its own connection; their entries stay in the test
database like those of the other PostgreSQL tests with several connections, and keep the
chain intact for whatever test comes next.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections

from rathaus.audit.models import AuditAction, AuditEntry, AuditHead
from rathaus.audit.selectors import audit_verify
from rathaus.audit.services import Actor, audit_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises all writers; the row lock matters on PostgreSQL",
    ),
]

THREADS, EACH = 6, 40


def _append(run: str, thread: int, start: threading.Barrier, errors: list[BaseException]) -> None:
    try:
        start.wait()
        for number in range(EACH):
            audit_record(
                actor=Actor.worker(),
                action=AuditAction.READ,
                obj_type="tests.Concurrency",
                obj_id=f"{run}:{thread}:{number}",
            )
    except BaseException as error:  # reported by the test, not lost in the thread
        errors.append(error)
    finally:
        connections.close_all()


def test_threads_appending_at_once_form_one_gapless_chain() -> None:
    before = AuditHead.objects.get().sequence
    run, errors = uuid.uuid4().hex, []
    start = threading.Barrier(THREADS)
    threads = [
        threading.Thread(target=_append, args=(run, number, start, errors))
        for number in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    ours = AuditEntry.objects.filter(object_id__startswith=f"{run}:")
    sequences = sorted(ours.values_list("sequence", flat=True))
    assert sequences == list(range(before + 1, before + THREADS * EACH + 1))  # no gaps
    assert (
        len({thread.split(":")[1] for thread in ours.values_list("object_id", flat=True)})
        == THREADS
    )
    result = audit_verify()
    assert result.intact, result
    assert result.last_sequence == before + THREADS * EACH
