"""Questions to the applicant (Rückfragen) from a case, and their answers coming back.

A caseworker asks; the question goes to the applicant's (or their organisation's) Postfach
with the date by which the answer is wanted, and the case waits. The person's answer (text
and files) arrives through the Postfach's answered event: it lands on the case's timeline and
a waiting case moves back to work. Both are on the timeline; the question is on the audit trail.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from rathaus.audit.models import AuditAction
from rathaus.casework.models import Case, CaseEventKind, CaseStatus
from rathaus.casework.services import (
    CaseRefused,
    _event,
    applicant_recipient,
    case_audit,
    case_status_set,
    may_still_decide,
)
from rathaus.mailbox.models import Answer, Message
from rathaus.mailbox.services import MailboxRefused, question_send

QUESTION_MAX = 5000
# what the Postfach's refusals mean for the back office's page
_REFUSALS = {"due_past": "due_past", "body": "question", "subject": "question"}


def case_question_ask(
    *, case: Case, actor: AbstractBaseUser, text: str, answer_due: date
) -> Message:
    """Send a question about the case to the applicant's Postfach; the case waits for it."""
    may_still_decide(case=case, actor=actor)
    text = text.strip()
    if not text or len(text) > QUESTION_MAX:
        raise CaseRefused("question")
    recipient = applicant_recipient(case)
    submission = case.submission
    try:
        with transaction.atomic():
            question = question_send(
                recipient=recipient,
                authority=case.authority,
                subject=f"Rückfrage zu Ihrem Antrag {submission.reference}",
                body=text,
                answer_due=answer_due,
                submission=submission,
            )
            # the Postfach showed the citizen the "question" step already
            case_status_set(case=case, actor=actor, status=CaseStatus.WAITING, tell_citizen=False)
            _event(case, CaseEventKind.QUESTION, actor, message=str(question.pk))
            case_audit(
                case=case,
                actor=actor,
                action=AuditAction.SEND,
                reason="Rückfrage",
                message=str(question.pk),
                due=answer_due.isoformat(),
            )
    except MailboxRefused as refusal:
        raise CaseRefused(_REFUSALS.get(refusal.reason, "question")) from None
    return question


def question_answered(question: Message, answer: Answer) -> None:
    """The Postfach's event: an answer arrived (inside its transaction). It goes onto the
    case's timeline; a case that waited for it is worked on again."""
    if question.submission_id is None:
        return
    case = Case.objects.filter(submission_id=question.submission_id).first()
    if case is None:
        return
    before = case.status
    if before == CaseStatus.WAITING:
        case.status = CaseStatus.IN_PROGRESS
        Case.objects.filter(pk=case.pk).update(status=case.status)
    _event(
        case,
        CaseEventKind.ANSWERED,
        None,
        message=str(question.pk),
        answer=str(answer.pk),
        before=before,
        after=case.status,
    )
