"""Django's SQLite backend, with writers that wait their turn instead of polling (ADR 0023).

SQLite lets one connection write at a time. A second writer that finds the database locked
sleeps in SQLite's busy handler (1, 2, 5, 10, … 100 ms) and looks again: under load the lock
is often free long before the sleeper wakes, and server threads stand idle. Here every write
(a transaction, or a single write statement outside one) first takes an exclusive `flock`
on a file beside the database. The kernel wakes the next waiter the moment the lock is given
back, and lets go of a lock whose process died (kill -9 included).

Waiting for the turn has no time limit, as a PostgreSQL transaction waits for a row lock
without one: the turn is held only from BEGIN to COMMIT or ROLLBACK. A thread that already
holds a turn and writes through a second connection does not queue behind itself; SQLite's
busy handler and its timeout decide there, as before. In-memory databases (the tests) have
no file to lock and write without a turn.

SQLite's automatic WAL checkpoint runs inside the commit that fills 1000 pages, so the turn
would be held through its copying and fsyncs (several milliseconds, every few dozen
submissions). It is switched off; each process checkpoints after every CHECKPOINT_EVERY-th
committed write instead, once the turn is given back (`WriterTurn.written`).
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import threading
from typing import Any

from django.db.backends.sqlite3 import base

_READS = ("SELECT",)
# write transactions a process commits between two WAL checkpoints; SQLite's own default
# (a checkpoint inside the commit that fills 1000 pages) would hold the turn through it
CHECKPOINT_EVERY = 32
logger = logging.getLogger(__name__)


class _Holding(threading.local):
    turns = 0  # how many turns the current thread holds


_holding = _Holding()


class _Written:
    """Committed writes of this process (the checkpoints' clock)."""

    lock = threading.Lock()
    count = 0


class WriterTurn:
    """The right to write to one database file, held by one connection at a time."""

    def __init__(self, database: str) -> None:
        self.path = f"{database}-writers"
        self.held = False
        self._fd: int | None = None
        self._pid = 0

    def take(self) -> None:
        """Wait until no other connection writes, then hold the turn (again: no-op)."""
        if self.held or _holding.turns:
            return
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        fcntl.flock(self._fd, fcntl.LOCK_EX)  # blocks outside the GIL
        self.held = True
        _holding.turns += 1

    def give(self) -> None:
        """Let the next writer go."""
        if not self.held:
            return
        self.held = False
        _holding.turns -= 1
        # a forked child that closes the connections it inherited must not unlock the
        # parent's turn: flock belongs to the open file, which both processes share
        if self._fd is not None and self._pid == os.getpid():
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def written(self, connection: sqlite3.Connection) -> None:
        """Count a committed write; every CHECKPOINT_EVERY-th copies the WAL into the file.

        Called after the turn is given back: the checkpoint's reads, writes and fsyncs
        happen while the next writer goes on (SQLite checkpoints beside a writer, and a
        PASSIVE one neither waits for nor blocks anybody).
        """
        with _Written.lock:
            _Written.count += 1
            # not while a statement still holds a transaction open (RETURNING rows unread)
            if _Written.count < CHECKPOINT_EVERY or connection.in_transaction:
                return
            _Written.count = 0
        try:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as error:  # the data is committed (in the WAL); try again later
            logger.warning("WAL-Checkpoint fehlgeschlagen / WAL checkpoint failed: %s", error)

    def close(self) -> None:
        self.give()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class QueuedCursor(base.SQLiteCursorWrapper):
    """A cursor whose write statements outside a transaction wait for the turn."""

    turn: WriterTurn | None = None

    def execute(self, query: str, params: Any = None) -> Any:
        if self.turn is None or self.connection.in_transaction or _reads(query):
            return super().execute(query, params)
        return self._in_turn(super().execute, query, params)

    def executemany(self, query: str, param_list: Any) -> Any:
        if self.turn is None or self.connection.in_transaction:
            return super().executemany(query, param_list)
        return self._in_turn(super().executemany, query, param_list)

    def _in_turn(self, run: Any, query: str, params: Any) -> Any:
        assert self.turn is not None
        self.turn.take()
        try:
            result = run(query, params)
        finally:
            if not self.connection.in_transaction:  # a BEGIN keeps it until COMMIT
                self.turn.give()
        if not self.connection.in_transaction:
            self.turn.written(self.connection)
        return result


def _reads(query: str) -> bool:
    return query.lstrip()[:6].upper() in _READS


class DatabaseWrapper(base.DatabaseWrapper):
    """SQLite whose writers queue for the database file (ENGINE "rathaus.common.sqlite")."""

    _turn: WriterTurn | None = None

    def get_new_connection(self, conn_params: Any) -> Any:
        connection = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            if self._turn is None:
                self._turn = WriterTurn(str(self.settings_dict["NAME"]))
            connection.execute("PRAGMA wal_autocheckpoint=0")  # see WriterTurn.written
        return connection

    def create_cursor(self, name: str | None = None) -> Any:
        cursor = self.connection.cursor(factory=QueuedCursor)
        cursor.turn = self._turn
        return cursor

    def _start_transaction_under_autocommit(self) -> None:
        if self._turn is not None:
            self._turn.take()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._turn_give()
            raise

    def _commit(self) -> Any:
        try:
            result = super()._commit()  # type: ignore[misc]
        finally:
            # a COMMIT that failed (a deferred foreign key) leaves the transaction open
            if self.connection is None or not self.connection.in_transaction:
                self._turn_give()
        if self._turn is not None and self.connection is not None:
            self._turn.written(self.connection)
        return result

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self._turn_give()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            if self._turn is not None:
                self._turn.close()

    def _turn_give(self) -> None:
        if self._turn is not None:
            self._turn.give()
