"""Several `rathaus worker` processes on PostgreSQL share the queue without double work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from rathaus.submissions.models import Delivery, DeliveryState, InboxItem

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SKIP LOCKED sharing between processes is a PostgreSQL matter",
    ),
]

WORKERS, SUBMISSIONS = 3, 300
RATHAUS = Path(sys.executable).with_name("rathaus")
SETUP = """
import sys, django
django.setup()
from rathaus.forms.models import Form
from rathaus.submissions.owners import Owner
from rathaus.submissions.services import draft_start
from rathaus.submissions.submitting import submission_create
version = Form.objects.get(key="sperrmuell_abholung").versions.order_by("-number").first()
for n in range({count}):
    draft = draft_start(form_version=version, owner=Owner.anonymous(Owner.new_anonymous_token()))
    submission, _ = submission_create(draft=draft, data={{"name": f"Person {{n}}"}},
                                      authority=None, municipality=None)
    print(submission.pk, flush=True)
"""

# the rows above were committed by another process: the test's rollback cannot take them
# back, and the next tests of this database would find 300 "real" applications
CLEANUP = """
import sys, django
django.setup()
from django_tasks_db.models import DBTaskResult
from rathaus.submissions.models import Delivery, Submission
ids = sys.stdin.read().split()
keys = [str(k) for k in Delivery.objects.filter(submission_id__in=ids).values_list("pk", flat=True)]
DBTaskResult.objects.filter(args_kwargs__args__0__in=keys).delete()
Submission.objects.filter(pk__in=ids).delete()
"""


def _env() -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "rathaus.config.settings"}


def test_three_workers_deliver_every_application_exactly_once() -> None:
    setup = subprocess.run(
        [sys.executable, "-c", SETUP.format(count=SUBMISSIONS)],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    ids = setup.stdout.split()
    try:
        _delivered_once_by_several_workers(ids)
    finally:
        subprocess.run(
            [sys.executable, "-c", CLEANUP], env=_env(), input="\n".join(ids), text=True, check=True
        )


def _delivered_once_by_several_workers(ids: list[str]) -> None:
    assert len(ids) == SUBMISSIONS
    workers = [
        subprocess.Popen([str(RATHAUS), "worker", "--batch", "--interval", "0"], env=_env())
        for _ in range(WORKERS)
    ]
    assert all(worker.wait(timeout=300) == 0 for worker in workers)
    deliveries = Delivery.objects.filter(submission_id__in=ids)
    assert deliveries.count() == SUBMISSIONS
    assert set(deliveries.values_list("state", flat=True)) == {DeliveryState.DELIVERED}
    assert set(deliveries.values_list("attempts", flat=True)) == {1}  # nobody tried twice
    assert InboxItem.objects.filter(submission_id__in=ids).count() == SUBMISSIONS
    keys = [str(d) for d in deliveries.values_list("pk", flat=True)]
    results = DBTaskResult.objects.filter(
        task_path="rathaus.submissions.tasks.delivery_attempt", args_kwargs__args__0__in=keys
    )
    assert results.count() == SUBMISSIONS  # one task each, each run once
    assert {r.status for r in results} == {"SUCCESSFUL"}
    assert len({worker for r in results for worker in r.worker_ids}) >= 2  # shared, not one
