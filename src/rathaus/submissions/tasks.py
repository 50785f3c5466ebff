"""Background tasks of the submissions app (django-tasks, database queue)."""

from __future__ import annotations

from django_tasks import task

from rathaus.submissions import services


@task()
def drafts_delete_expired() -> int:
    """Delete drafts past their retention period; safe to run twice (deletes by condition)."""
    return services.drafts_delete_expired()
