"""The Postfach services: what the back office will call, and what a person's actions write."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test import Client
from django_tasks_db.models import DBTaskResult

from rathaus.authorities.models import Authority
from rathaus.common.crypto import CryptoError
from rathaus.identity.models import Citizen
from rathaus.mailbox import selectors
from rathaus.mailbox.files import IncomingFile
from rathaus.mailbox.models import Answer, FetchReceipt, MailboxFile, Message, MessageKind
from rathaus.mailbox.services import (
    MailboxRefused,
    decision_send,
    message_mark_read,
    message_open,
    message_send,
    question_answer,
    question_send,
)
from rathaus.submissions.attachments.services import AttachmentRefused
from tests.mailbox.conftest import BODY, SUBJECT
from tests.submissions.files import pdf_bytes, png_bytes
from tests.submissions.journey import send

pytestmark = pytest.mark.django_db

NOTICE = "rathaus.mailbox.tasks.message_notice_send"


def test_a_message_is_sealed_at_rest_and_its_notice_planned(message: Message) -> None:
    stored = Message.objects.get(pk=message.pk)
    assert SUBJECT.encode() not in bytes(stored.sealed_content)
    assert b"Vertraulich" not in bytes(stored.sealed_content)
    assert selectors.message_content(message=stored) == {"subject": SUBJECT, "body": BODY}
    assert DBTaskResult.objects.filter(task_path=NOTICE, args_kwargs__args=[str(message.pk)])
    assert stored.read_at is None and stored.kind == MessageKind.MESSAGE


def test_a_sealed_content_does_not_open_on_another_message(
    message: Message, citizen: Citizen, authority: Authority
) -> None:
    other = message_send(recipient=citizen.user, authority=authority, subject="x", body="y")
    Message.objects.filter(pk=other.pk).update(sealed_content=message.sealed_content)
    with pytest.raises(CryptoError):
        selectors.message_content(message=Message.objects.get(pk=other.pk))


def test_files_of_a_message_are_sniffed_and_sealed(citizen: Citizen, authority: Authority) -> None:
    data = png_bytes()
    sent = message_send(
        recipient=citizen.user,
        authority=authority,
        subject="Foto",
        body="Anbei",
        files=[IncomingFile("foto.pdf", data)],  # the name lies; the content decides
    )
    (stored,) = selectors.files_of_message(message=sent)
    assert stored.content_type == "image/png" and stored.name == "foto.pdf"
    assert selectors.file_content(stored=stored) == data


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [("subject", " ", "subject"), ("subject", "x" * 201, "subject"), ("body", "", "body")],
)
def test_a_message_without_subject_or_text_is_refused(
    citizen: Citizen, authority: Authority, field: str, value: str, reason: str
) -> None:
    content = {"subject": "Betreff", "body": "Text", field: value}
    with pytest.raises(MailboxRefused) as refused:
        message_send(recipient=citizen.user, authority=authority, **content)
    assert refused.value.reason == reason
    assert not Message.objects.exists()


def test_a_question_needs_a_due_date_not_in_the_past(
    citizen: Citizen, authority: Authority
) -> None:
    with pytest.raises(MailboxRefused, match="due_past"):
        question_send(
            recipient=citizen.user,
            authority=authority,
            subject="Frage",
            body="Text",
            answer_due=date.today() - timedelta(days=1),
        )
    assert not Message.objects.exists()


def test_only_a_question_carries_a_due_date_in_the_database(message: Message) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(answer_due=date.today())


def test_a_decision_must_be_a_pdf_and_nothing_is_stored_otherwise(
    citizen: Citizen, authority: Authority
) -> None:
    with pytest.raises(AttachmentRefused):
        decision_send(
            recipient=citizen.user,
            authority=authority,
            subject="Bescheid",
            body="Text",
            pdf=IncomingFile("Bescheid.pdf", png_bytes()),
        )
    assert not Message.objects.exists() and not MailboxFile.objects.exists()


def test_a_message_about_an_application_goes_to_its_sender(
    citizen: Citizen, other_citizen: Citizen, authority: Authority
) -> None:
    client = Client()
    client.force_login(other_citizen.user)
    submission = send(client)
    with pytest.raises(MailboxRefused, match="submission"):
        message_send(
            recipient=citizen.user,
            authority=authority,
            subject="Zu Ihrem Antrag",
            body="Text",
            submission=submission,
        )


def test_opening_a_decision_records_the_first_moment_once(
    decision: Message, citizen: Citizen
) -> None:
    first = message_open(message=decision, user=citizen.user)
    again = message_open(message=decision, user=citizen.user)
    assert first is not None and again is not None
    assert again.opened_at == first.opened_at and again.pk == first.pk
    assert FetchReceipt.objects.filter(message=decision).count() == 1
    assert first.opened_by_user_id == citizen.user.pk
    assert Message.objects.get(pk=decision.pk).read_at is not None


def test_opening_a_message_marks_it_read_without_receipt(
    message: Message, citizen: Citizen
) -> None:
    assert message_open(message=message, user=citizen.user) is None
    assert not FetchReceipt.objects.exists()
    assert Message.objects.get(pk=message.pk).read_at is not None
    assert message_mark_read(message=message) is False  # already read: nothing changes


def test_nobody_else_can_open_a_decision(decision: Message, other_citizen: Citizen) -> None:
    with pytest.raises(MailboxRefused, match="not_recipient"):
        message_open(message=decision, user=other_citizen.user)
    assert not FetchReceipt.objects.exists()


def test_a_question_is_answered_once_with_files(question: Message, citizen: Citizen) -> None:
    answer = question_answer(
        question=question,
        user=citizen.user,
        text="Das Foto hängt an.",
        files=[IncomingFile("sofa.png", png_bytes())],
    )
    assert b"Foto" not in bytes(answer.sealed_text)
    assert selectors.answer_text(answer=answer) == "Das Foto hängt an."
    (stored,) = selectors.files_of_answer(answer=answer)
    assert stored.content_type == "image/png"
    with pytest.raises(MailboxRefused, match="answered"):
        question_answer(question=question, user=citizen.user, text="Noch einmal")
    assert Answer.objects.count() == 1 and MailboxFile.objects.filter(answer=answer).count() == 1


def test_an_answer_with_a_refused_file_stores_nothing(question: Message, citizen: Citizen) -> None:
    with pytest.raises(AttachmentRefused):
        question_answer(
            question=question,
            user=citizen.user,
            text="Anbei",
            files=[IncomingFile("brief.pdf", b"MZ\x90\x00 not a pdf at all")],
        )
    assert not Answer.objects.exists() and not MailboxFile.objects.exists()


def test_only_a_question_can_be_answered_and_only_by_its_recipient(
    message: Message, question: Message, other_citizen: Citizen, citizen: Citizen
) -> None:
    with pytest.raises(MailboxRefused, match="not_recipient"):
        question_answer(question=message, user=citizen.user, text="Antwort")
    with pytest.raises(MailboxRefused, match="not_recipient"):
        question_answer(question=question, user=other_citizen.user, text="Antwort")
    with pytest.raises(MailboxRefused, match="answer_text"):
        question_answer(question=question, user=citizen.user, text="   ")
    assert not Answer.objects.exists()


def test_an_account_with_postfach_messages_is_not_deleted_under_them(
    message: Message, citizen: Citizen
) -> None:
    with pytest.raises(ProtectedError):
        citizen.user.delete()


def test_the_decision_pdf_comes_first_among_its_files(
    citizen: Citizen, authority: Authority
) -> None:
    sent = decision_send(
        recipient=citizen.user,
        authority=authority,
        subject="Bescheid",
        body="Text",
        pdf=IncomingFile("Bescheid.pdf", pdf_bytes()),
        files=[IncomingFile("Anlage.png", png_bytes())],
    )
    names = {f.name for f in selectors.files_of_message(message=sent)}
    assert names == {"Bescheid.pdf", "Anlage.png"}
