"""The outbox: a submission reaches its authority once, through the channel it set up."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rathaus.authorities.models import Authority
from rathaus.common.crypto import Sealed
from rathaus.submissions import tasks
from rathaus.submissions.delivery import outbox
from rathaus.submissions.delivery.routes import route_of, route_save
from rathaus.submissions.models import (
    Delivery,
    DeliveryRoute,
    DeliveryState,
    Draft,
    InboxItem,
    Submission,
    SubmissionStatus,
)
from rathaus.submissions.selectors import submission_contact, submission_data
from tests.net import free_port
from tests.smtp import Mailbox
from tests.submissions.journey import SUBMIT, fill, send
from tests.submissions.receiver import Receiver

pytestmark = pytest.mark.django_db

SECRET = "ein-langes-geheimnis-nur-fuer-tests-0123456789"
URL = "https://antraege.kassel.test/eingang"


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[Receiver]:
    server = Receiver(free_port(), tmp_path / "receiver.sqlite3", SECRET)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def kassel() -> Authority:
    return Authority.objects.get(name="Stadtverwaltung Kassel")


def _tasks_for(delivery: Delivery) -> int:
    return DBTaskResult.objects.filter(
        task_path="rathaus.submissions.tasks.delivery_attempt", args_kwargs__args=[str(delivery.pk)]
    ).count()


def test_the_submission_and_its_delivery_job_commit_together(client: Client) -> None:
    submission = send(client)
    delivery = submission.deliveries.get()
    assert delivery.channel == "inbox" and delivery.state == DeliveryState.PENDING
    assert _tasks_for(delivery) == 1


def test_when_the_delivery_job_cannot_be_written_nothing_is_stored(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(client)
    before = Submission.objects.count()

    class Unavailable:
        def enqueue(self, *args: object) -> None:
            raise RuntimeError("queue unavailable")

    monkeypatch.setattr(tasks, "delivery_attempt", Unavailable())
    with pytest.raises(RuntimeError):
        client.post(SUBMIT)
    assert Submission.objects.count() == before
    assert Delivery.objects.filter(submission__reference__isnull=True).count() == 0
    assert Draft.objects.filter(form_version__form__key="sperrmuell_abholung").exists()


def test_the_inbox_receives_it_once_even_when_attempted_again(client: Client) -> None:
    submission = send(client)
    delivery = submission.deliveries.get()
    assert outbox.delivery_attempt(delivery.pk) == "delivered"
    assert outbox.delivery_attempt(delivery.pk) == "skipped"
    # as if a worker died after the inbox wrote but before the delivery was marked
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.PENDING)
    assert outbox.delivery_attempt(delivery.pk) == "delivered"
    item = InboxItem.objects.get(submission=submission)
    assert item.authority == submission.authority and item.delivery_key == delivery.pk
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DELIVERED


def test_a_receiver_down_for_an_hour_gets_it_after_retries_with_back_off(
    client: Client, kassel: Authority, receiver: Receiver
) -> None:
    route_save(
        authority=kassel, channel="webhook", settings={"url": receiver.url, "secret": SECRET}
    )
    delivery = send(client).deliveries.get()
    receiver.down = True
    start, clock, waits = timezone.now(), timezone.now(), []
    while clock < start + timedelta(hours=1):
        assert outbox.delivery_attempt(delivery.pk, now=clock) == "retry"
        delivery.refresh_from_db()
        waits.append(delivery.next_attempt_at - clock)
        # not before it is due: an early attempt is skipped
        assert outbox.delivery_attempt(delivery.pk, now=clock + timedelta(seconds=1)) == "skipped"
        clock = delivery.next_attempt_at
    assert waits[:4] == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert max(waits) <= timedelta(hours=1)
    receiver.down = False
    assert outbox.delivery_attempt(delivery.pk, now=clock) == "delivered"
    accepted = receiver.accepted()
    assert list(accepted) == [str(delivery.pk)]
    body = accepted[str(delivery.pk)]
    assert body["submission"]["reference"] == delivery.submission.reference
    assert body["data"]["name"] == "Erika Mustermann"
    keys = {key for key, _status in receiver.hits()}
    assert keys == {str(delivery.pk)}  # the same idempotency key on every attempt
    delivery.refresh_from_db()
    assert delivery.receiver_reference == f"/faelle/{delivery.pk}"


def test_after_the_retry_budget_the_delivery_fails_and_an_admin_resends_it(
    client: Client, admin_client: Client, kassel: Authority, receiver: Receiver
) -> None:
    route_save(
        authority=kassel, channel="webhook", settings={"url": receiver.url, "secret": SECRET}
    )
    delivery = send(client).deliveries.get()
    receiver.down = True
    clock, outcome = timezone.now(), ""
    while outcome != "failed":
        outcome = outbox.delivery_attempt(delivery.pk, now=clock)
        delivery.refresh_from_db()
        clock = max(clock, delivery.next_attempt_at)
    assert clock - delivery.created_at <= timedelta(hours=48)
    assert "HTTP 503" in delivery.last_error
    listing = admin_client.get("/verwaltung/submissions/delivery/", {"state": "failed"})
    assert delivery.submission.reference in listing.content.decode()
    receiver.down = False
    response = admin_client.post(
        "/verwaltung/submissions/delivery/",
        {"action": "resend", "_selected_action": [str(delivery.pk)]},
        follow=True,
    )
    assert "1 Übermittlung(en) neu eingeplant" in response.content.decode()
    assert outbox.delivery_attempt(delivery.pk) == "delivered"
    assert len(receiver.accepted()) == 1


def test_a_delivery_held_by_a_worker_is_not_sent_twice_and_a_dead_workers_is_swept(
    client: Client,
) -> None:
    delivery = send(client).deliveries.get()
    now = timezone.now()
    assert outbox._claim(delivery.pk, now)  # a worker takes it … and dies
    assert outbox.delivery_attempt(delivery.pk, now=now) == "skipped"
    assert outbox.deliveries_sweep(now=now + timedelta(minutes=3)) == 0  # lease still held
    later = now + outbox.lease() + outbox.sweep_grace()
    assert outbox.deliveries_sweep(now=later) == 1
    assert outbox.deliveries_sweep(now=later) == 0  # planned once, not by every sweeper
    assert _tasks_for(delivery) == 2
    assert outbox.delivery_attempt(delivery.pk, now=later) == "delivered"


def test_the_e_mail_channel_sends_to_the_office_with_the_data_attached(
    client: Client, kassel: Authority, smtp_server: Mailbox
) -> None:
    route_save(authority=kassel, channel="email", settings={"address": "antraege@kassel.test"})
    delivery = send(client).deliveries.get()
    assert outbox.delivery_attempt(delivery.pk) == "delivered"
    (message,) = smtp_server.messages
    assert smtp_server.recipients == [["antraege@kassel.test"]]
    assert message["Message-ID"] == f"<{delivery.pk}@rathaus.delivery>"
    assert delivery.submission.reference in message["Subject"]
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/json"
    assert json.loads(attachment.get_content())["data"]["name"] == "Erika Mustermann"


def test_an_unknown_channel_fails_at_once_for_an_admin_to_see(client: Client) -> None:
    delivery = send(client).deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(channel="brieftaube")
    assert outbox.delivery_attempt(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED and "brieftaube" in delivery.last_error


def test_key_rotation_rewraps_submissions_contacts_and_route_secrets(
    client: Client, kassel: Authority
) -> None:
    old_key, new_key = "old:" + "A" * 43 + "=", "new:" + "B" * 43 + "="
    with override_settings(RATHAUS_ENCRYPTION_KEYS=[old_key]):
        route_save(authority=kassel, channel="webhook", settings={"url": URL, "secret": SECRET})
        submission = send(client, email="erika.mustermann@beispiel.test")
    with override_settings(RATHAUS_ENCRYPTION_KEYS=[new_key, old_key]):
        out = StringIO()
        call_command("keys", "rotate", stdout=out)
        assert "Submissions (data): 1 of" in out.getvalue()
        assert "Delivery routes: 1 of" in out.getvalue()
    submission.refresh_from_db()
    route = DeliveryRoute.objects.get(authority=kassel)
    for blob in (submission.sealed_data, submission.sealed_contact, route.sealed_settings):
        assert Sealed.from_bytes(bytes(blob)).key_id == "new"
    with override_settings(RATHAUS_ENCRYPTION_KEYS=[new_key]):  # the old key can go now
        assert submission_data(submission=submission)["name"] == "Erika Mustermann"
        assert submission_contact(submission=submission) == "erika.mustermann@beispiel.test"
        assert route_of(kassel) is not None
