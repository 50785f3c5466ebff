"""Several write statements in one round trip to PostgreSQL (psycopg's pipeline mode).

Each statement Django sends waits for its answer: on PostgreSQL a round trip, and in a busy
gunicorn worker a hand-over of the GIL to another thread and back. Writes whose results
nobody reads (INSERTs with the key set in Python, DELETEs, UPDATEs whose count is not used)
can go together: inside `pipelined()` psycopg queues them and sends them with the next
statement whose result is read, or at the end of the block.

Rules for the block: read no row count (it is not known yet), and catch no database error
inside it (an error surfaces at the next read or at the end, and the statements after the
failed one are skipped); let it leave the block, which raises it as Django's exception
(IntegrityError …), and roll back around it. SQLite has no round trips: the block is a no-op.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def pipelined() -> Iterator[None]:
    """Send the block's statements to PostgreSQL together (elsewhere: one by one)."""
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    # psycopg raises its own errors when the block ends: Django's wrapper turns them into
    # django.db's, as for any statement
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield
