"""Background tasks of organisation accounts (django-tasks, database queue)."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from smtplib import SMTPException

from django.utils import timezone
from django_tasks import task

from rathaus.identity.organisations import invitation_email

logger = logging.getLogger(__name__)

INVITATION_ATTEMPTS = 12  # 30 s doubling to at most an hour: about six hours of tries
_FIRST_RETRY = timedelta(seconds=30)
_LONGEST_WAIT = timedelta(hours=1)


def backoff(attempt: int) -> timedelta:
    """The wait after the n-th failed attempt: 30 s, 1 min, 2 min, … at most one hour."""
    wait: timedelta = _FIRST_RETRY * 2 ** min(max(attempt - 1, 0), 16)
    return min(wait, _LONGEST_WAIT)


@task()
def invitation_email_send(invitation_id: str, attempt: int = 1) -> bool:
    """E-mail an invitation link; a second run sends nothing. While the mail server fails,
    the task plans itself again with back-off."""
    try:
        return invitation_email.invitation_email_send(invitation_id=uuid.UUID(invitation_id))
    except (OSError, SMTPException) as error:
        if attempt >= INVITATION_ATTEMPTS:
            logger.error("invitation %s finally not sent: %r", invitation_id, error)
            return False
        later = timezone.now() + backoff(attempt)
        logger.warning("invitation %s not sent: %r, next try %s", invitation_id, error, later)
        invitation_email_send.using(run_after=later).enqueue(invitation_id, attempt + 1)
        return False
