"""Background tasks of the submissions app (django-tasks, database queue)."""

from __future__ import annotations

import uuid

from django_tasks import task

from rathaus.submissions import confirmation, retention, services
from rathaus.submissions.delivery import outbox


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


@task()
def confirmation_send(submission_id: str) -> bool:
    """E-mail the sender the confirmation with the receipt; a second run sends nothing."""
    return confirmation.confirmation_send(submission_id=uuid.UUID(submission_id))


@task()
def retention_apply() -> list[str]:
    """Delete expired drafts, anonymise applications past their retention period."""
    return retention.retention_apply().lines()
