"""The e-mail notice: over real SMTP, once, saying only that something arrived."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rathaus.authorities.models import Authority
from rathaus.identity.models import Citizen
from rathaus.mailbox import tasks
from rathaus.mailbox.models import Message
from rathaus.mailbox.notice import notice_send
from rathaus.mailbox.services import MailboxRefused, message_send
from tests.mailbox.conftest import BODY, SUBJECT
from tests.net import free_port
from tests.smtp import Mailbox

pytestmark = pytest.mark.django_db

TASK = "rathaus.mailbox.tasks.message_notice_send"


@override_settings(RATHAUS_PUBLIC_URL="https://rathaus.example")
def test_the_notice_says_only_that_something_arrived(
    message: Message, smtp_server: Mailbox
) -> None:
    assert tasks.message_notice_send.call(str(message.pk)) is True
    (mail,) = smtp_server.messages
    assert smtp_server.recipients == [["maria.neumenn@example.com"]]
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "https://rathaus.example/postfach/" in text
    assert "neue Nachricht Ihrer Verwaltung" in text and "new message" in text
    everything = str(mail)
    for secret in (SUBJECT, "Sperrmüll", "Vertraulich", "Foto", "Kassel", str(message.pk)):
        assert secret not in everything, secret
    assert list(mail.iter_attachments()) == []
    # a retried task sends nothing more
    assert notice_send(message_id=message.pk) is False
    assert len(smtp_server.messages) == 1
    assert Message.objects.get(pk=message.pk).notified_at is not None


def test_the_subject_line_reveals_nothing_either(question: Message, smtp_server: Mailbox) -> None:
    assert notice_send(message_id=question.pk)
    (mail,) = smtp_server.messages
    assert str(mail["Subject"]) == "Neue Nachricht in Ihrem Postfach / New message in your mailbox"
    assert "Rückfrage" not in str(mail) and BODY not in str(mail)


def test_without_an_address_no_notice_is_sent(
    citizen: Citizen, message: Message, smtp_server: Mailbox
) -> None:
    Citizen.objects.filter(pk=citizen.pk).update(email="")
    assert notice_send(message_id=message.pk) is False
    assert smtp_server.messages == []


def test_when_the_mail_server_is_down_the_notice_is_tried_again_later(
    message: Message, smtp_server: Mailbox
) -> None:
    with override_settings(EMAIL_PORT=free_port()):  # nobody listens there
        assert tasks.message_notice_send.call(str(message.pk)) is False
    retry = DBTaskResult.objects.get(task_path=TASK, args_kwargs__args=[str(message.pk), 2])
    assert retry.run_after is not None and retry.run_after > timezone.now()
    assert smtp_server.messages == []
    assert Message.objects.get(pk=message.pk).notified_at is None
    assert tasks.message_notice_send.call(str(message.pk), 2) is True  # the planned retry
    assert len(smtp_server.messages) == 1


def test_every_kind_of_sending_plans_one_notice(
    message: Message, question: Message, decision: Message
) -> None:
    for sent in (message, question, decision):
        assert (
            DBTaskResult.objects.filter(task_path=TASK, args_kwargs__args=[str(sent.pk)]).count()
            == 1
        )


def test_a_refused_message_plans_no_notice(citizen: Citizen, authority: Authority) -> None:
    with pytest.raises(MailboxRefused):
        message_send(recipient=citizen.user, authority=authority, subject="", body="x")
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()
