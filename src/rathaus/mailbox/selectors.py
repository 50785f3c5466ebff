"""Reads of the Postfach: only the recipient's own messages, decrypted on the way out."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from rathaus.common.crypto import open_json
from rathaus.mailbox.models import (
    Answer,
    FetchReceipt,
    MailboxFile,
    Message,
    MessageKind,
    StatusChange,
    StepSequence,
)
from rathaus.mailbox.status import StepView, sequence_steps, steps_view
from rathaus.submissions.attachments.selectors import sealed_file_read
from rathaus.submissions.models import Submission
from rathaus.submissions.owners import Owner
from rathaus.submissions.selectors import submissions_for_owner

INBOX_LIMIT = 200


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)[:64])
    except ValueError:
        return None


def _of_user(user_id: int) -> QuerySet[Message]:
    return Message.objects.filter(recipient_user_id=user_id)


@dataclass(frozen=True)
class MessageRow:
    """A line of the Postfach list."""

    message: Message
    subject: str
    answered: bool
    opened: bool


def messages_for_user(*, user_id: int, limit: int = INBOX_LIMIT) -> list[MessageRow]:
    """The person's messages, newest first, with subject and whether answered / opened."""
    rows = (
        _of_user(user_id)
        .select_related("sender_authority")
        .annotate(
            answered=Exists(Answer.objects.filter(question=OuterRef("pk"))),
            opened=Exists(FetchReceipt.objects.filter(message=OuterRef("pk"))),
        )
        .order_by("-sent_at")[:limit]
    )
    return [
        MessageRow(row, message_content(message=row)["subject"], row.answered, row.opened)
        for row in rows
    ]


def unread_count(*, user_id: int) -> int:
    """How many of the person's messages are not read yet (for the Postfach link)."""
    return _of_user(user_id).filter(read_at__isnull=True).count()


def message_for_user(*, message_id: str, user_id: int) -> Message | None:
    """The person's message with this id; None for anyone else's, unknown or malformed ids."""
    wanted = _uuid(message_id)
    if wanted is None:
        return None
    return (
        _of_user(user_id)
        .filter(pk=wanted)
        .select_related("sender_authority", "submission", "fetch_receipt")
        .first()
    )


def message_content(*, message: Message) -> dict[str, str]:
    """Subject and body, decrypted (raises rathaus.common.crypto.CryptoError if altered)."""
    content = open_json(bytes(message.sealed_content), context=message.sealing_context)
    return {"subject": str(content["subject"]), "body": str(content["body"])}


def receipt_of(*, message: Message) -> FetchReceipt | None:
    """The fetch receipt of a decision, if it was opened."""
    return FetchReceipt.objects.filter(message=message).first()


def answer_of(*, question: Message) -> Answer | None:
    """The answer to a question, if there is one."""
    return Answer.objects.filter(question=question).first()


def answer_text(*, answer: Answer) -> str:
    """The answer's text, decrypted."""
    return str(open_json(bytes(answer.sealed_text), context=answer.sealing_context)["text"])


def files_of_message(*, message: Message) -> list[MailboxFile]:
    """The authority's files of a message."""
    return list(MailboxFile.objects.filter(message=message))


def files_of_answer(*, answer: Answer) -> list[MailboxFile]:
    """The person's files of an answer."""
    return list(MailboxFile.objects.filter(answer=answer))


def file_of_message(*, message: Message, file_id: str) -> MailboxFile | None:
    """A file of this message or of its answer; None for another message's or a bad id."""
    wanted = _uuid(file_id)
    if wanted is None:
        return None
    found = MailboxFile.objects.filter(pk=wanted, message=message).first()
    return found or MailboxFile.objects.filter(pk=wanted, answer__question=message).first()


def file_content(*, stored: MailboxFile) -> bytes:
    """The file's bytes, decrypted and checked against its SHA-512."""
    return sealed_file_read(
        storage_name=stored.storage_name, context=stored.sealing_context, sha512=stored.sha512
    )


def decision_unopened(*, message: Message) -> bool:
    """True for a decision nobody has opened yet (its content stays hidden until then)."""
    return message.kind == MessageKind.DECISION and receipt_of(message=message) is None


@dataclass(frozen=True)
class SubmissionSteps:
    """One application in the status monitor."""

    submission: Submission
    steps: list[StepView]


def status_for_user(*, user_id: int) -> list[SubmissionSteps]:
    """The person's applications with their steps (a fixed number of queries for any count)."""
    submissions = submissions_for_owner(owner=Owner.user(user_id))
    service_ids = {
        s.form_version.form.service_id for s in submissions if s.form_version.form.service_id
    }
    sequences = {
        sequence.service_id: sequence
        for sequence in StepSequence.objects.filter(service_id__in=service_ids).prefetch_related(
            "steps"
        )
    }
    history: dict[uuid.UUID, list[StatusChange]] = defaultdict(list)
    for change in StatusChange.objects.filter(submission__in=submissions).order_by(
        "changed_at", "pk"
    ):
        history[change.submission_id].append(change)
    result = []
    for submission in submissions:
        service_id = submission.form_version.form.service_id
        steps = sequence_steps(sequences.get(service_id) if service_id else None)
        view = steps_view(steps, submission.status, history[submission.pk])
        result.append(SubmissionSteps(submission=submission, steps=view))
    return result


def status_link_for(submission: Submission) -> str | None:
    """Where the status monitor shows this application (for "Meine Anträge"): only for an
    account's applications, since the monitor needs a login."""
    if submission.owner_user_id is None:
        return None
    return f"{reverse('mailbox:status')}#antrag-{submission.pk}"
