"""A writer process for tests/common/test_sqlite_queue.py: python -m tests.common.sqlite_writer.

Usage: ENGINE DATABASE ACTION [SECONDS or COUNT]. It configures Django with that database alone (a
busy timeout of 0.2 s) and prints what happened, one line per step, for the test to read;
"hold" keeps its transaction open until a line arrives on standard input.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time

import django
from django.conf import settings
from django.db import OperationalError, connections, transaction

BUSY_TIMEOUT = 0.2


def configure(engine: str, database: str) -> None:
    options = {"timeout": BUSY_TIMEOUT, "transaction_mode": "IMMEDIATE"}
    base = {"ENGINE": engine, "NAME": database, "OPTIONS": options}
    # "other" is a second connection to the same file, for the thread that writes twice
    settings.configure(DATABASES={"default": base, "other": dict(base)}, USE_TZ=True)
    django.setup()


def say(line: str) -> None:
    print(line, flush=True)


def write(who: str, *, using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        cursor.execute("INSERT INTO note (who) VALUES (%s)", [who])


def notes() -> list[str]:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT who FROM note ORDER BY rowid")
        return [row[0] for row in cursor.fetchall()]


def hold() -> None:
    """Write in a transaction and keep it open until a line arrives on standard input."""
    with transaction.atomic():
        write("holder")
        say("holding")
        sys.stdin.readline()
    say("committed")


def write_now(mode: str) -> None:
    """Write once, in a transaction or by a single statement, and say what is stored."""
    say("ready")
    try:
        if mode == "atomic":
            with transaction.atomic():
                write("writer")
        else:
            write("writer")
    except OperationalError as error:
        say(f"refused: {error}")
        return
    say("stored: " + ",".join(notes()))


def write_twice() -> None:
    """Inside a transaction, write through a second connection in the same thread."""
    with transaction.atomic():
        write("first")
        try:
            write("second", using="other")
        except OperationalError as error:
            say(f"refused: {error}")
        else:
            say("stored")


def fork_while_holding(seconds: float) -> None:
    """Hold a transaction and fork: the child must wait for the parent, not share its turn."""
    with transaction.atomic():
        write("parent")
        child = os.fork()
        if child == 0:
            connections.close_all()  # as a forked worker must: the parent's are not its own
            try:
                write("child", using="other")
            except OperationalError:
                os._exit(1)
            os._exit(0)
        time.sleep(seconds)
    _pid, status = os.waitpid(child, 0)
    say(f"child: {os.waitstatus_to_exitcode(status)}; stored: " + ",".join(notes()))


def checkpoints(database: str, commits: int) -> None:
    """Commit write transactions of 40 pages each; after each, say whether the database
    file grew (WAL pages copied into it: a checkpoint) and, when a checkpoint statement ran,
    whether another writer could have taken the turn meanwhile."""
    connection = connections["default"]
    connection.ensure_connection()
    during: list[str] = []

    def traced(statement: str) -> None:  # SQLite's own trace of every statement it runs
        if "wal_checkpoint" in statement:
            probe = os.open(f"{database}-writers", os.O_RDWR | os.O_CREAT)
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
                during.append("turn free")
            except BlockingIOError:
                during.append("turn held")
            finally:
                os.close(probe)  # closing lets go of the probe's lock

    connection.connection.set_trace_callback(traced)
    for number in range(1, commits + 1):
        before = os.path.getsize(database)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany("INSERT INTO note (who) VALUES (%s)", [("x" * 4000,)] * 40)
        grew = "grew" if os.path.getsize(database) > before else "same"
        say(f"{number}: {grew}" + "".join(f", checkpoint ({what})" for what in during))
        during.clear()


def main() -> None:
    engine, database, action, *rest = sys.argv[1:]
    configure(engine, database)
    seconds = float(rest[0]) if rest else 0.0
    if action == "create":
        with connections["default"].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("CREATE TABLE note (who TEXT)")
        say("created")
    elif action == "hold":
        hold()
    elif action in ("autocommit", "atomic"):
        write_now(action)
    elif action == "twice":
        write_twice()
    elif action == "fork":
        fork_while_holding(seconds)
    elif action == "checkpoints":
        checkpoints(database, int(seconds))
    elif action == "memory":  # an in-memory database: no file, no turn
        with connections["default"].cursor() as cursor:
            cursor.execute("CREATE TABLE note (who TEXT)")
            cursor.execute("INSERT INTO note (who) VALUES ('x')")
        say(f"turn: {getattr(connections['default'], '_turn', 'no such attribute')}")


if __name__ == "__main__":
    main()
