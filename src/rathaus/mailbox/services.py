"""Writes of the Postfach: the API through which authorities (later the back office) send
messages, questions and decisions, and through which a person opens and answers them."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from rathaus.authorities.models import Authority
from rathaus.common.crypto import seal_json
from rathaus.identity.models import Organisation
from rathaus.mailbox import events, tasks
from rathaus.mailbox.files import IncomingFile, files_check, files_store, stored_files_forget
from rathaus.mailbox.files import upload_rule as _rule
from rathaus.mailbox.models import Answer, FetchReceipt, Message, MessageKind, StatusChange
from rathaus.mailbox.refusals import MailboxRefused, refused
from rathaus.mailbox.selectors import may_answer, may_read
from rathaus.mailbox.status import step_keys
from rathaus.submissions.models import Submission

logger = logging.getLogger(__name__)
# a person's account, or an organisation whose members share its Postfach
Recipient = AbstractBaseUser | Organisation

SUBJECT_MAX = 200
BODY_MAX = 20_000
ANSWER_MAX = 5_000

__all__ = [
    "IncomingFile",
    "MailboxRefused",
    "decision_send",
    "message_mark_read",
    "message_open",
    "message_send",
    "question_answer",
    "question_send",
    "submission_step_set",
]


def message_send(
    *,
    recipient: Recipient,
    authority: Authority,
    subject: str,
    body: str,
    submission: Submission | None = None,
    files: Sequence[IncomingFile] = (),
) -> Message:
    """Put a message (Nachricht) into a person's Postfach and plan the e-mail notice."""
    return _deliver(
        kind=MessageKind.MESSAGE,
        recipient=recipient,
        authority=authority,
        subject=subject,
        body=body,
        submission=submission,
        files=files,
    )


def question_send(
    *,
    recipient: Recipient,
    authority: Authority,
    subject: str,
    body: str,
    answer_due: date,
    submission: Submission | None = None,
    files: Sequence[IncomingFile] = (),
) -> Message:
    """Ask the person something (Rückfrage) with a date by which the answer is wanted."""
    if answer_due < timezone.localdate():
        raise refused("due_past")
    return _deliver(
        kind=MessageKind.QUESTION,
        recipient=recipient,
        authority=authority,
        subject=subject,
        body=body,
        submission=submission,
        files=files,
        answer_due=answer_due,
    )


def decision_send(
    *,
    recipient: Recipient,
    authority: Authority,
    subject: str,
    body: str,
    pdf: IncomingFile,
    submission: Submission | None = None,
    files: Sequence[IncomingFile] = (),
) -> Message:
    """Provide a decision (Bescheid, a PDF) for retrieval; its first opening is recorded."""
    files_check([pdf], _rule(["pdf"]))  # the decision itself must be a PDF
    return _deliver(
        kind=MessageKind.DECISION,
        recipient=recipient,
        authority=authority,
        subject=subject,
        body=body,
        submission=submission,
        files=[pdf, *files],
    )


def _deliver(
    *,
    kind: MessageKind,
    recipient: Recipient,
    authority: Authority,
    subject: str,
    body: str,
    submission: Submission | None,
    files: Sequence[IncomingFile],
    answer_due: date | None = None,
) -> Message:
    """Check, seal and store a message with its files; the notice task commits with it."""
    subject, body = _checked_content(subject, body, recipient, submission)
    checked = files_check(files, _rule())  # scanned before any row or file is written
    message = Message(
        kind=kind,
        recipient_user_id=None if isinstance(recipient, Organisation) else recipient.pk,
        recipient_organisation=recipient if isinstance(recipient, Organisation) else None,
        sender_authority=authority,
        submission=submission,
        answer_due=answer_due,
    )
    message.sealed_content = seal_json(
        {"subject": subject, "body": body}, context=message.sealing_context
    )
    stored: list[str] = []
    try:
        with transaction.atomic():
            message.save(force_insert=True)
            files_store(checked, message=message, stored=stored)
            if submission is not None and kind != MessageKind.MESSAGE:
                step = "question" if kind == MessageKind.QUESTION else "decided"
                submission_step_reached(submission=submission, step_key=step)
            tasks.message_notice_send.enqueue(str(message.pk))
    except Exception:
        stored_files_forget(stored)
        raise
    logger.info("mailbox: %s %s sent by authority %s", kind, message.pk, authority.pk)
    return message


def _checked_content(
    subject: str, body: str, recipient: Recipient, submission: Submission | None
) -> tuple[str, str]:
    """Subject and body trimmed; raises MailboxRefused for what a message may not be."""
    subject, body = subject.strip(), body.strip()
    if not subject or len(subject) > SUBJECT_MAX:
        raise refused("subject")
    if not body or len(body) > BODY_MAX:
        raise refused("body")
    if submission is not None and not _sent_it(recipient, submission):
        raise refused("submission")  # a message about an application goes to its sender

    return subject, body


def _sent_it(recipient: Recipient, submission: Submission) -> bool:
    """Whether the recipient is who sent the application: the organisation it was sent for,
    or else the person."""
    if submission.organisation_id is not None:
        return isinstance(recipient, Organisation) and recipient.pk == submission.organisation_id
    return not isinstance(recipient, Organisation) and submission.owner_user_id == recipient.pk


def message_mark_read(*, message: Message) -> bool:
    """Mark a message read (once); True if this call did it."""
    return bool(
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=timezone.now())
    )


def message_open(*, message: Message, user: AbstractBaseUser) -> FetchReceipt | None:
    """The person opens a message: it is read, and a decision's first opening is recorded.

    Idempotent and safe under concurrency: the receipt is inserted only if absent (its
    message is unique), so of two simultaneous openings the first is kept and both callers
    get the same receipt. For anything but a decision there is no receipt (None).
    """
    if not may_read(message=message, user_id=user.pk):
        raise refused("not_recipient")
    with transaction.atomic():
        message_mark_read(message=message)
        if message.kind != MessageKind.DECISION:
            return None
        FetchReceipt.objects.bulk_create(
            [FetchReceipt(message=message, opened_at=timezone.now(), opened_by_user_id=user.pk)],
            ignore_conflicts=True,
        )
    return FetchReceipt.objects.get(message=message)


def question_answer(
    *,
    question: Message,
    user: AbstractBaseUser,
    text: str,
    files: Sequence[IncomingFile] = (),
) -> Answer:
    """The person answers a question, once; a second answer raises MailboxRefused("answered")."""
    if question.kind != MessageKind.QUESTION or not may_answer(message=question, user_id=user.pk):
        raise refused("not_recipient")
    text = text.strip()
    if not text or len(text) > ANSWER_MAX:
        raise refused("answer_text")
    if Answer.objects.filter(question=question).exists():
        raise refused("answered")  # before scanning: a double click costs nothing
    checked = files_check(files, _rule())
    answer = Answer(question=question, author_user_id=user.pk)
    answer.sealed_text = seal_json({"text": text}, context=answer.sealing_context)
    stored: list[str] = []
    try:
        with transaction.atomic():
            # the question's row lock makes two answers wait for each other; the unique
            # question refuses the second even where the lock does nothing (SQLite)
            Message.objects.select_for_update().filter(pk=question.pk).first()
            if Answer.objects.filter(question=question).exists():
                raise refused("answered")
            answer.save(force_insert=True)
            files_store(checked, answer=answer, stored=stored)
            if question.submission is not None:
                submission_step_reached(submission=question.submission, step_key="processing")
            events.answered(question, answer)
    except IntegrityError:  # the unique question: another request answered first
        stored_files_forget(stored)
        raise refused("answered") from None
    except Exception:
        stored_files_forget(stored)
        raise
    logger.info("mailbox: question %s answered", question.pk)
    return answer


def submission_step_set(*, submission: Submission, step_key: str) -> None:
    """Move an application to a step of its service's sequence (the back office's door).

    Raises MailboxRefused("step") for a key the sequence does not have.
    """
    if step_key not in step_keys(submission=submission):
        raise refused("step")
    submission_step_reached(submission=submission, step_key=step_key)


def submission_step_reached(*, submission: Submission, step_key: str) -> bool:
    """Record that an application reached a step, if its sequence has that step."""
    if step_key not in step_keys(submission=submission):
        return False
    StatusChange.objects.create(submission=submission, step_key=step_key)
    return True
