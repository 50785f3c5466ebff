"""The Postfach in the admin: superusers read and send; step sequences are editable."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rathaus.authorities.models import Authority
from rathaus.catalog.models import Service
from rathaus.identity.models import Citizen
from rathaus.mailbox.models import FetchReceipt, MailboxFile, Message, MessageKind, StepSequence
from tests.mailbox.conftest import SUBJECT
from tests.staff import staff_client
from tests.submissions.files import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

SEND = "/verwaltung/mailbox/message/senden/"


def _form(citizen: Citizen, authority: Authority, **extra: object) -> dict[str, object]:
    return {
        "kind": "message",
        "recipient": citizen.pk,
        "authority": authority.pk,
        "subject": "Willkommen",
        "body": "Schön, dass Sie da sind.",
        **extra,
    }


def test_a_superuser_reads_a_message_decrypted(admin_client: Client, message: Message) -> None:
    page = admin_client.get(f"/verwaltung/mailbox/message/{message.pk}/change/")
    assert page.status_code == 200 and SUBJECT in page.content.decode()
    assert (
        "Nachricht ins Postfach senden"
        in admin_client.get("/verwaltung/mailbox/message/").content.decode()
    )


def test_other_staff_see_no_postfach(message: Message) -> None:
    editor = staff_client(User.objects.get(username="redaktion"))
    assert editor.get(f"/verwaltung/mailbox/message/{message.pk}/change/").status_code in (302, 403)
    assert editor.get(SEND).status_code == 403
    assert editor.post(SEND, {}).status_code == 403


def test_a_superuser_sends_a_decision_with_its_pdf(
    admin_client: Client, citizen: Citizen, authority: Authority
) -> None:
    data = _form(
        citizen,
        authority,
        kind="decision",
        datei=SimpleUploadedFile("Bescheid.pdf", pdf_bytes()),
    )
    response = admin_client.post(SEND, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    sent = Message.objects.get(recipient_user=citizen.user)
    assert sent.kind == MessageKind.DECISION
    assert MailboxFile.objects.get(message=sent).content_type == "application/pdf"
    assert not FetchReceipt.objects.exists()


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ({"kind": "decision"}, "Ein Bescheid braucht sein PDF"),
        ({"kind": "question"}, "Eine Rückfrage braucht eine Frist"),
        ({"reference": "HE-00-0000-000000"}, "keinen Antrag"),
    ],
)
def test_the_send_form_explains_what_is_missing(
    admin_client: Client,
    citizen: Citizen,
    authority: Authority,
    extra: dict[str, str],
    problem: str,
) -> None:
    response = admin_client.post(SEND, _form(citizen, authority, **extra))
    assert response.status_code == 200 and problem in response.content.decode()
    assert not Message.objects.exists()


def test_a_decision_that_is_no_pdf_is_refused(
    admin_client: Client, citizen: Citizen, authority: Authority
) -> None:
    data = _form(
        citizen, authority, kind="decision", datei=SimpleUploadedFile("x.pdf", png_bytes())
    )
    response = admin_client.post(SEND, data)
    assert response.status_code == 200 and "keine erlaubte Datei" in response.content.decode()
    assert not Message.objects.exists()


def test_a_new_step_sequence_starts_from_the_default(admin_client: Client) -> None:
    page = admin_client.get("/verwaltung/mailbox/stepsequence/add/").content.decode()
    assert 'value="In Bearbeitung"' in page and 'value="question"' in page
    service = Service.objects.order_by("pk").first()
    assert service is not None
    data = {
        "service": service.pk,
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-0-position": "1",
        "steps-0-key": "received",
        "steps-0-label_de": "Eingegangen",
        "steps-0-label_en": "Received",
        "steps-1-position": "2",
        "steps-1-key": "decided",
        "steps-1-label_de": "Entschieden",
        "steps-1-label_en": "Decided",
    }
    response = admin_client.post("/verwaltung/mailbox/stepsequence/add/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    sequence = StepSequence.objects.get(service=service)
    assert [s.key for s in sequence.steps.order_by("position")] == ["received", "decided"]


def test_receipts_cannot_be_changed_in_the_admin(
    admin_client: Client, decision: Message, citizen: Citizen
) -> None:
    from rathaus.mailbox.services import message_open

    receipt = message_open(message=decision, user=citizen.user)
    assert receipt is not None
    url = f"/verwaltung/mailbox/fetchreceipt/{receipt.pk}/"
    assert admin_client.get(url + "delete/").status_code == 403
    assert admin_client.post(url + "change/", {"opened_at": "2000-01-01"}).status_code == 403
    assert Permission.objects.filter(codename="delete_fetchreceipt").exists()
    assert FetchReceipt.objects.get(pk=receipt.pk).opened_at == receipt.opened_at


def test_the_send_form_refuses_a_post_without_the_csrf_token(
    citizen: Citizen, authority: Authority
) -> None:
    strict = staff_client(User.objects.get(username="admin"), Client(enforce_csrf_checks=True))
    response = strict.post(SEND, _form(citizen, authority, kind="message"))
    assert response.status_code == 403 and b"CSRF" in response.content
    assert not Message.objects.exists()
