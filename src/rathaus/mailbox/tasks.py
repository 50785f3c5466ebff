"""Background tasks of the Postfach (django-tasks, database queue)."""

from __future__ import annotations

import logging
import uuid
from smtplib import SMTPException

from django.utils import timezone
from django_tasks import task

from rathaus.mailbox import notice
from rathaus.submissions.delivery.outbox import backoff

logger = logging.getLogger(__name__)

NOTICE_ATTEMPTS = 12  # with the delivery back-off: about six hours of tries


@task()
def message_notice_send(message_id: str, attempt: int = 1) -> bool:
    """E-mail the recipient that something arrived; a second run sends nothing.

    When the mail server fails, the task plans itself again with back-off.
    """
    try:
        return notice.notice_send(message_id=uuid.UUID(message_id))
    except (OSError, SMTPException) as error:
        if attempt >= NOTICE_ATTEMPTS:
            logger.error("Postfach-Hinweis für %s endgültig nicht versandt: %r", message_id, error)
            return False
        later = timezone.now() + backoff(attempt)
        logger.warning("Postfach-Hinweis für %s: %r, neuer Versuch %s", message_id, error, later)
        message_notice_send.using(run_after=later).enqueue(message_id, attempt + 1)
        return False
