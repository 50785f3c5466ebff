"""The confirmation e-mail: sent over real SMTP with the receipt, once, only when asked for."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rathaus.submissions import tasks
from rathaus.submissions.confirmation import confirmation_send
from rathaus.submissions.delivery.outbox import delivery_attempt
from rathaus.submissions.models import Draft, Submission
from rathaus.submissions.selectors import submission_contact
from tests.net import free_port
from tests.smtp import Mailbox
from tests.submissions.journey import START, SUBMIT, fill, send

pytestmark = pytest.mark.django_db

TASK = "rathaus.submissions.tasks.confirmation_send"


def test_the_sender_gets_the_confirmation_with_the_receipt_attached(
    client: Client, smtp_server: Mailbox
) -> None:
    submission = send(client, email="erika.mustermann@beispiel.test")
    assert DBTaskResult.objects.filter(task_path=TASK, args_kwargs__args=[str(submission.pk)])
    assert b"erika" not in bytes(submission.sealed_contact)  # sealed at rest
    assert tasks.confirmation_send.call(str(submission.pk)) is True
    (message,) = smtp_server.messages
    assert smtp_server.recipients == [["erika.mustermann@beispiel.test"]]
    assert submission.reference in message["Subject"]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and submission.reference in body.get_content()
    assert "Stadtverwaltung Kassel" in body.get_content()
    (pdf,) = list(message.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content().startswith(b"%PDF-")
    # a second run (a retried task) sends nothing more
    assert confirmation_send(submission_id=submission.pk) is False
    assert len(smtp_server.messages) == 1


def test_in_english_the_confirmation_speaks_english(client: Client, smtp_server: Mailbox) -> None:
    client.cookies["django_language"] = "en"
    submission = send(client, email="erika.mustermann@beispiel.test")
    assert submission.language == "en"
    assert confirmation_send(submission_id=submission.pk)
    (message,) = smtp_server.messages
    assert str(message["Subject"]).strip().startswith("Your application has been received")


def test_without_an_address_no_e_mail_is_planned(client: Client) -> None:
    submission = send(client)
    assert submission_contact(submission=submission) == ""
    assert not DBTaskResult.objects.filter(task_path=TASK, args_kwargs__args=[str(submission.pk)])
    assert confirmation_send(submission_id=submission.pk) is False


def test_a_malformed_address_is_explained_and_nothing_is_sent(client: Client) -> None:
    fill(client)
    before = Submission.objects.count()
    response = client.post(SUBMIT, {"email": "erika at beispiel"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "im Format name@beispiel.de" in page and 'aria-invalid="true"' in page
    assert 'value="erika at beispiel"' in page  # what was typed stays to correct it
    assert Submission.objects.count() == before
    assert Draft.objects.filter(form_version__form__key="sperrmuell_abholung").exists()
    assert client.get(START + "pruefen/").status_code == 200


def test_my_applications_show_each_state_in_plain_words(client: Client) -> None:
    submission = send(client)
    page = client.get("/formulare/meine-antraege/").content.decode()
    assert submission.reference in page
    assert "Wir übermitteln Ihren Antrag gerade an die zuständige Stelle" in page
    delivery_attempt(submission.deliveries.get().pk)
    page = client.get("/formulare/meine-antraege/").content.decode()
    assert "An die zuständige Stelle übermittelt" in page
    confirmation = client.get(f"/formulare/eingang/{submission.pk}/").content.decode()
    assert "An die zuständige Stelle übermittelt" in confirmation
    # someone else sees neither the list entry nor the confirmation
    stranger = Client()
    assert submission.reference not in stranger.get("/formulare/meine-antraege/").content.decode()
    assert stranger.get(f"/formulare/eingang/{submission.pk}/").status_code == 404


def test_when_the_mail_server_is_down_the_confirmation_is_tried_again_later(
    client: Client, smtp_server: Mailbox
) -> None:
    submission = send(client, email="erika.mustermann@beispiel.test")
    with override_settings(EMAIL_PORT=free_port()):  # nobody listens there
        assert tasks.confirmation_send.call(str(submission.pk)) is False
    retry = DBTaskResult.objects.get(task_path=TASK, args_kwargs__args=[str(submission.pk), 2])
    assert retry.run_after is not None and retry.run_after > timezone.now()
    assert smtp_server.messages == []
    assert tasks.confirmation_send.call(str(submission.pk), 2) is True  # the planned retry
    assert len(smtp_server.messages) == 1
