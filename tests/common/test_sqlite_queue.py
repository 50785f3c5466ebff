"""SQLite writers wait their turn (rathaus.common.sqlite, ADR 0023), in real processes.

Each case runs writer processes (tests/common/sqlite_writer.py) on one database file with
SQLite's busy timeout at 0.2 s, while another process holds a write transaction longer.
With Django's own backend the second writer is refused ("database is locked"); with the
queue it waits for its turn and writes as soon as the first one is done.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rathaus.common.sqlite.base import CHECKPOINT_EVERY

QUEUED = "rathaus.common.sqlite"
PLAIN = "django.db.backends.sqlite3"
ROOT = Path(__file__).resolve().parents[2]


def writer(engine: str, database: Path | str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.common.sqlite_writer", engine, str(database), *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    return out


def said(process: subprocess.Popen[str], line: str) -> None:
    assert process.stdout is not None
    assert process.stdout.readline() == line + "\n"


def holding(engine: str, database: Path) -> subprocess.Popen[str]:
    """A process inside a write transaction, until it is told to commit."""
    holder = writer(engine, database, "hold")
    said(holder, "holding")
    return holder


def commit(holder: subprocess.Popen[str]) -> str:
    assert holder.stdin is not None
    holder.stdin.write("commit\n")
    holder.stdin.flush()
    return finished(holder)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "queue.sqlite3"
    assert finished(writer(PLAIN, path, "create")) == "created\n"
    return path


@pytest.mark.parametrize("mode", ["autocommit", "atomic"])
def test_a_second_writer_waits_for_the_first_longer_than_the_busy_timeout(
    database: Path, mode: str
) -> None:
    holder = holding(QUEUED, database)
    second = writer(QUEUED, database, mode)
    said(second, "ready")
    time.sleep(1.0)  # five times SQLite's busy timeout
    assert second.poll() is None  # still waiting for its turn, not refused
    assert commit(holder) == "committed\n"
    assert finished(second) == "stored: holder,writer\n"  # right after the holder's commit


@pytest.mark.parametrize("mode", ["autocommit", "atomic"])
def test_without_the_queue_the_second_writer_is_refused(database: Path, mode: str) -> None:
    holder = holding(PLAIN, database)
    second = writer(PLAIN, database, mode)
    assert finished(second) == "ready\nrefused: database is locked\n"
    assert commit(holder) == "committed\n"


def test_the_turn_of_a_killed_writer_passes_to_the_next(database: Path) -> None:
    holder = holding(QUEUED, database)
    second = writer(QUEUED, database, "atomic")
    said(second, "ready")
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    # the killed transaction is rolled back by SQLite; its turn went with its process
    assert finished(second) == "stored: writer\n"


def test_a_thread_writing_through_a_second_connection_does_not_wait_for_itself(
    database: Path,
) -> None:
    # without the guard the second connection would queue behind its own thread forever
    assert finished(writer(QUEUED, database, "twice")) == "refused: database is locked\n"


def test_a_forked_child_that_closes_its_inherited_connection_keeps_the_parents_turn(
    database: Path,
) -> None:
    # had the child's close let go of the parent's turn, the child would have found
    # SQLite's own lock taken and been refused after 0.2 s (exit code 1)
    assert finished(writer(QUEUED, database, "fork", "1.0")) == "child: 0; stored: parent,child\n"


def test_commits_leave_the_wal_checkpoint_for_after_the_turn(database: Path) -> None:
    lines = finished(writer(QUEUED, database, "checkpoints", str(2 * CHECKPOINT_EVERY)))
    events = dict(line.split(": ", 1) for line in lines.splitlines())
    # 40 pages a commit: SQLite's own checkpoint (at 1000 pages, inside a commit) is off;
    # every CHECKPOINT_EVERY-th commit copies the WAL once the turn is given back
    checkpointed = [int(number) for number, event in events.items() if event != "same"]
    assert checkpointed == [CHECKPOINT_EVERY, 2 * CHECKPOINT_EVERY]
    assert {events[str(n)] for n in checkpointed} == {"grew, checkpoint (turn free)"}


def test_without_the_queue_sqlite_checkpoints_inside_a_commit(database: Path) -> None:
    lines = finished(writer(PLAIN, database, "checkpoints", str(CHECKPOINT_EVERY)))
    # the control: 1000 pages fill within about 25 commits, and that commit copies them itself
    early = [line.split(": ", 1)[1] for line in lines.splitlines()[: CHECKPOINT_EVERY - 1]]
    assert "grew" in early
    assert "checkpoint" not in lines


def test_in_memory_databases_write_without_a_turn() -> None:
    assert finished(writer(QUEUED, ":memory:", "memory")) == "turn: None\n"
