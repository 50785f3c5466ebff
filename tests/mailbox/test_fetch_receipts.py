"""Fetch receipts: recorded once at the first opening, refused any change by the database."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rathaus.authorities.models import Authority
from rathaus.identity.models import Citizen
from rathaus.identity.services import citizen_register
from rathaus.identity.trust import TrustLevel
from rathaus.mailbox.files import IncomingFile
from rathaus.mailbox.models import FetchReceipt, Message
from rathaus.mailbox.services import decision_send, message_open
from tests.submissions.files import pdf_bytes

TABLE = FetchReceipt._meta.db_table
T = TypeVar("T")


@pytest.mark.django_db
def test_the_database_refuses_a_raw_update_of_a_receipt(
    decision: Message, citizen: Citizen
) -> None:
    receipt = message_open(message=decision, user=citizen.user)
    assert receipt is not None
    later = timezone.now() + timedelta(days=30)
    with (
        pytest.raises(IntegrityError, match="immutable"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {TABLE} SET opened_at = %s WHERE id = %s", [later, receipt.pk])
    assert FetchReceipt.objects.get(pk=receipt.pk).opened_at == receipt.opened_at


@pytest.mark.django_db
def test_the_database_refuses_a_raw_delete_of_a_receipt(
    decision: Message, citizen: Citizen
) -> None:
    receipt = message_open(message=decision, user=citizen.user)
    assert receipt is not None
    with (
        pytest.raises(IntegrityError, match="immutable"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [receipt.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        FetchReceipt.objects.filter(pk=receipt.pk).update(opened_by_user_id=None)
    assert FetchReceipt.objects.filter(pk=receipt.pk).exists()


@pytest.mark.django_db
def test_a_decision_with_a_receipt_cannot_be_deleted(decision: Message, citizen: Citizen) -> None:
    message_open(message=decision, user=citizen.user)
    with pytest.raises(ProtectedError):
        Message.objects.filter(pk=decision.pk).delete()
    assert Message.objects.filter(pk=decision.pk).exists()


@pytest.mark.django_db
def test_the_triggers_refuse_changes_not_new_receipts(
    decision: Message, citizen: Citizen, authority: Authority
) -> None:
    second = decision_send(
        recipient=citizen.user,
        authority=authority,
        subject="Zweiter Bescheid",
        body="Text",
        pdf=IncomingFile("Bescheid-2.pdf", pdf_bytes()),
    )
    assert message_open(message=decision, user=citizen.user) is not None
    assert message_open(message=second, user=citizen.user) is not None
    assert FetchReceipt.objects.count() == 2


def _in_thread(work: Callable[[], T]) -> T:
    """Run `work` on its own database connection, in autocommit: what it writes is committed
    and seen by other connections (the test's own transaction is never used here)."""
    outcome: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # re-raised in the test's thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    if errors:
        raise errors[0]
    return outcome[0]


def _committed_decision() -> Message:
    citizen = citizen_register(
        bpk2=f"BUNDIDSIM-RACE-{uuid.uuid4().hex[:8]}",
        given_name="Erika",
        surname="Gleichzeitig",
        email="",
        level=TrustLevel.NIEDRIG,
    )
    return decision_send(
        recipient=citizen.user,
        authority=Authority.objects.get(name="Stadtverwaltung Kassel"),
        subject="Bescheid",
        body="Text",
        pdf=IncomingFile("Bescheid.pdf", pdf_bytes()),
    )


def _remove(decision: Message) -> None:
    """Take the committed rows away again; the receipt only with its trigger off, as the
    table's owner may (the documented way round for retention, ADR on fetch receipts)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE {TABLE} DISABLE TRIGGER "{TABLE}_immutable"')
        FetchReceipt.objects.filter(message_id=decision.pk).delete()
        cursor.execute(f'ALTER TABLE {TABLE} ENABLE TRIGGER "{TABLE}_immutable"')
    user_id = decision.recipient_user_id
    DBTaskResult.objects.filter(args_kwargs__args=[str(decision.pk)]).delete()
    Message.objects.filter(pk=decision.pk).delete()
    Citizen.objects.filter(user_id=user_id).delete()
    User.objects.filter(pk=user_id).delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises all writers; PostgreSQL does not"
)
@pytest.mark.django_db
def test_of_two_simultaneous_openings_the_first_is_recorded_once() -> None:
    decision = _in_thread(_committed_decision)
    user = User.objects.get  # looked up in each thread, on its own connection
    barrier = threading.Barrier(2)
    results: list[FetchReceipt | None] = []

    def open_it() -> None:
        barrier.wait(timeout=10)
        results.append(message_open(message=decision, user=user(pk=decision.recipient_user_id)))

    try:
        threads = [threading.Thread(target=lambda: _in_thread(open_it)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert len(results) == 2 and all(r is not None for r in results)
        assert len({(r.pk, r.opened_at) for r in results if r}) == 1  # both got the same one
        count = _in_thread(lambda: FetchReceipt.objects.filter(message_id=decision.pk).count())
        assert count == 1
    finally:
        _in_thread(lambda: _remove(decision))
