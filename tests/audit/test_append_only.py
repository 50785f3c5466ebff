"""The database itself refuses to change or remove an entry, whoever asks."""

from __future__ import annotations

import re

import pytest
from django.db import DatabaseError, connection, transaction

from rathaus.audit.models import AuditAction, AuditEntry, AuditHead
from rathaus.audit.services import Actor, audit_record

pytestmark = pytest.mark.usefixtures("empty_trail")

# RefuseChanges on the entries, the trail's own triggers on the head and TRUNCATE
REFUSED = re.compile("rows of audit_auditentry are immutable|audit trail is append-only")


@pytest.fixture
def entry() -> AuditEntry:
    return audit_record(
        actor=Actor.system(), action=AuditAction.CHANGE, obj_type="tests.Thing", obj_id=1
    )


def _refused(sql: str) -> str:
    """Runs raw SQL in a savepoint and returns the database's refusal."""
    with pytest.raises(DatabaseError) as refusal, transaction.atomic():  # noqa: SIM117
        with connection.cursor() as cursor:
            cursor.execute(sql)
    return str(refusal.value)


def test_a_raw_update_of_an_entry_is_refused(entry: AuditEntry) -> None:
    message = _refused("UPDATE audit_auditentry SET reason = 'anders' WHERE sequence = 1")
    assert REFUSED.search(message)
    assert AuditEntry.objects.get(sequence=1).reason == ""


def test_a_raw_delete_of_an_entry_is_refused(entry: AuditEntry) -> None:
    assert REFUSED.search(_refused("DELETE FROM audit_auditentry WHERE sequence = 1"))
    assert AuditEntry.objects.filter(sequence=1).exists()


def test_the_orm_cannot_change_or_delete_entries_either(entry: AuditEntry) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="anders")
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk, reason="").exists()


def test_the_head_can_neither_be_deleted_nor_moved_back(entry: AuditEntry) -> None:
    assert REFUSED.search(_refused("DELETE FROM audit_audithead"))
    assert REFUSED.search(_refused("UPDATE audit_audithead SET sequence = 0"))
    assert AuditHead.objects.get().sequence == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_truncating_the_trail_is_refused(entry: AuditEntry) -> None:
    assert REFUSED.search(_refused("TRUNCATE audit_auditentry"))
    assert REFUSED.search(_refused("TRUNCATE audit_audithead"))
    assert AuditEntry.objects.count() == 1
