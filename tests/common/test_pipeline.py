"""Writes sent together (rathaus.common.pipeline): stored as one by one, errors as Django's.

The rows are sessions: their key is set in Python, so an INSERT reads nothing back and
stays in the pipeline until the block ends (a table with a serial key would read its new
id at once, which flushes the pipeline).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from psycopg import pq

from rathaus.common.pipeline import pipelined

pytestmark = pytest.mark.django_db


def _session(key: str) -> None:
    Session.objects.create(
        session_key=key, session_data="", expire_date=timezone.now() + timedelta(hours=1)
    )


def _keys() -> list[str]:
    rows = Session.objects.filter(session_key__startswith="pipeline-").order_by("session_key")
    return list(rows.values_list("session_key", flat=True))


def test_the_writes_of_the_block_are_all_stored() -> None:
    with transaction.atomic(), pipelined():
        _session("pipeline-1")
        _session("pipeline-2")
        Session.objects.filter(session_key="pipeline-1").delete()
    assert _keys() == ["pipeline-2"]


def test_a_failed_last_write_is_djangos_error_and_nothing_of_the_block_is_stored() -> None:
    # the duplicate is the block's last statement: its error arrives as the block ends
    with pytest.raises(IntegrityError), transaction.atomic(), pipelined():
        _session("pipeline-1")
        _session("pipeline-1")
    assert _keys() == []
    _session("pipeline-2")  # the connection goes on as usual
    assert _keys() == ["pipeline-2"]


def test_the_writes_after_a_failed_one_are_not_stored_either() -> None:
    with pytest.raises(IntegrityError), transaction.atomic(), pipelined():
        _session("pipeline-1")
        _session("pipeline-1")
        _session("pipeline-3")
    assert _keys() == []


def test_a_read_inside_the_block_sees_the_writes_before_it() -> None:
    with transaction.atomic(), pipelined():
        _session("pipeline-1")
        assert _keys() == ["pipeline-1"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no round trips")
def test_on_postgresql_the_block_runs_in_pipeline_mode() -> None:
    with transaction.atomic():
        with pipelined():
            assert connection.connection.pgconn.pipeline_status == pq.PipelineStatus.ON
        assert connection.connection.pgconn.pipeline_status == pq.PipelineStatus.OFF
