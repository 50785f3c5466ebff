"""Background tasks of the submissions app (django-tasks, database queue)."""

from __future__ import annotations

import logging
import uuid
from smtplib import SMTPException

from django.utils import timezone
from django_tasks import task

from rathaus.submissions import confirmation, retention, services
from rathaus.submissions.delivery import outbox

logger = logging.getLogger(__name__)


@task()
def drafts_delete_expired() -> int:
    """Delete drafts past their retention period; safe to run twice (deletes by condition)."""
    return services.drafts_delete_expired()


@task()
def delivery_attempt(delivery_id: str) -> str:
    """One attempt of one delivery; a second run of the same task finds it done or leased."""
    return outbox.delivery_attempt(uuid.UUID(delivery_id))


@task()
def deliveries_sweep() -> int:
    """Plan again the deliveries whose worker or task was lost in a crash."""
    return outbox.deliveries_sweep()


CONFIRMATION_ATTEMPTS = 12  # with the delivery back-off: about six hours of tries


@task()
def confirmation_send(submission_id: str, attempt: int = 1) -> bool:
    """E-mail the sender the confirmation with the receipt; a second run sends nothing.

    When the mail server fails, the task plans itself again with back-off.
    """
    try:
        return confirmation.confirmation_send(submission_id=uuid.UUID(submission_id))
    except (OSError, SMTPException) as error:
        if attempt >= CONFIRMATION_ATTEMPTS:
            logger.error("Bestätigung für %s endgültig nicht versandt: %r", submission_id, error)
            return False
        later = timezone.now() + outbox.backoff(attempt)
        logger.warning("Bestätigung für %s: %r, neuer Versuch %s", submission_id, error, later)
        confirmation_send.using(run_after=later).enqueue(submission_id, attempt + 1)
        return False


@task()
def retention_apply() -> list[str]:
    """Delete expired drafts, anonymise applications past their retention period."""
    return retention.retention_apply().lines()
