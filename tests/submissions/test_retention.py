"""Retention: drafts past their period are deleted by a task, a command, and a real worker."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from rathaus.forms.models import FormVersion
from rathaus.submissions.models import Draft, DraftResumeToken
from rathaus.submissions.owners import Owner
from rathaus.submissions.services import draft_start
from rathaus.submissions.tasks import drafts_delete_expired


def _expired_draft(form_version: FormVersion, owner: Owner) -> Draft:
    draft = draft_start(form_version=form_version, owner=owner)
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    DraftResumeToken.objects.create(
        draft=draft, token_hash="0" * 64, expires_at=timezone.now() + timedelta(hours=1)
    )
    return draft


@pytest.mark.django_db
def test_the_task_deletes_expired_drafts_and_their_links_and_can_run_twice(
    form_version: FormVersion, anonymous: Owner
) -> None:
    old = _expired_draft(form_version, anonymous)
    live = draft_start(form_version=form_version, owner=anonymous)

    assert drafts_delete_expired.call() == 1
    assert not Draft.objects.filter(pk=old.pk).exists()
    assert not DraftResumeToken.objects.filter(token_hash="0" * 64).exists()
    assert Draft.objects.filter(pk=live.pk).exists()
    assert drafts_delete_expired.call() == 0


@pytest.mark.django_db
def test_the_dry_run_deletes_nothing_and_the_purge_deletes(
    form_version: FormVersion, anonymous: Owner
) -> None:
    old = _expired_draft(form_version, anonymous)
    out = StringIO()
    call_command("drafts", "purge", "--dry-run", stdout=out)
    assert str(old.pk) in out.getvalue()
    assert "Probelauf: 1" in out.getvalue() and "would be deleted" in out.getvalue()
    assert Draft.objects.filter(pk=old.pk).exists()

    out = StringIO()
    call_command("drafts", "purge", stdout=out)
    assert "1 abgelaufene Entwürfe gelöscht" in out.getvalue()
    assert not Draft.objects.filter(pk=old.pk).exists()


SETUP = """
from datetime import timedelta
from django.core.management import call_command
from django.utils import timezone
from rathaus.forms.models import Form, FormVersion
from rathaus.submissions.models import Draft
from rathaus.submissions.owners import Owner
from rathaus.submissions.services import draft_start
from rathaus.submissions.tasks import drafts_delete_expired

call_command("migrate", verbosity=0)
version = FormVersion.objects.create(
    form=Form.objects.create(key="probe", title="Probe"), number=1, definition={}
)
old = draft_start(form_version=version, owner=Owner.anonymous("a"))
Draft.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
draft_start(form_version=version, owner=Owner.anonymous("b"))
drafts_delete_expired.enqueue()
"""


def test_a_real_worker_runs_the_enqueued_purge(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("RATHAUS_", "DATABASE_"))},
        "RATHAUS_HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "rathaus.config.settings",
    }
    rathaus = [sys.executable, "-m", "rathaus.cli"]
    for command in (["shell", "-c", SETUP], ["worker", "--max-tasks", "1", "--interval", "0.1"]):
        result = subprocess.run(
            [*rathaus, *command], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 0, result.stderr

    with sqlite3.connect(tmp_path / "rathaus.sqlite3") as db:
        drafts = db.execute("SELECT count(*) FROM submissions_draft").fetchone()[0]
        tasks = db.execute(
            "SELECT task_path, status, return_value FROM django_tasks_database_dbtaskresult"
        ).fetchall()
    assert drafts == 1
    assert tasks == [("rathaus.submissions.tasks.drafts_delete_expired", "SUCCESSFUL", "1")]
