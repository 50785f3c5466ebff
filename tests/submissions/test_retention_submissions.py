"""Retention of applications: anonymised after their period, reported first in a dry run."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from rathaus.submissions.models import Delivery, DeliveryState, Submission, SubmissionStatus
from rathaus.submissions.retention import retention_apply
from rathaus.submissions.selectors import submission_data
from tests.submissions.journey import send

pytestmark = pytest.mark.django_db


def _delivered(submission: Submission, *, channel: str, days_ago: int) -> None:
    Delivery.objects.filter(submission=submission).update(
        channel=channel,
        state=DeliveryState.DELIVERED,
        delivered_at=timezone.now() - timedelta(days=days_ago),
    )


def test_an_application_handed_to_another_system_is_anonymised_after_its_period(
    client: Client,
) -> None:
    old, recent = send(client), send(Client())
    _delivered(old, channel="webhook", days_ago=31)
    _delivered(recent, channel="webhook", days_ago=29)
    report = retention_apply(dry_run=True)
    assert old.reference in report.after_delivery
    assert recent.reference not in report.after_delivery
    old.refresh_from_db()
    assert old.anonymised_at is None and submission_data(submission=old)  # dry run: unchanged
    retention_apply()
    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert bytes(old.sealed_data) == b"" and submission_data(submission=old) == {}
    assert old.owner_key == "" and old.owner_user_id is None
    assert old.reference.startswith("HE-06611-")  # the reference stays for statistics
    recent.refresh_from_db()
    assert recent.anonymised_at is None
    # its owner no longer finds it: there is no personal data left to show
    assert client.get(f"/formulare/eingang/{old.pk}/").status_code == 404


def test_an_application_in_the_rathaus_inbox_stays_until_its_case_is_closed(
    client: Client,
) -> None:
    submission = send(client)
    _delivered(submission, channel="inbox", days_ago=400)
    assert submission.reference not in retention_apply().after_delivery
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.CLOSED, closed_at=timezone.now() - timedelta(days=366)
    )
    report = retention_apply()
    assert submission.reference in report.after_closing and report.listed == 1
    submission.refresh_from_db()
    assert submission.anonymised_at is None  # on the authority's list, not yet approved


def test_an_application_not_yet_delivered_is_kept_whatever_its_age(client: Client) -> None:
    submission = send(client)
    Delivery.objects.filter(submission=submission).update(
        channel="webhook", state=DeliveryState.FAILED
    )
    Submission.objects.filter(pk=submission.pk).update(
        submitted_at=timezone.now() - timedelta(days=900)
    )
    report = retention_apply(now=timezone.now() + timedelta(days=900))
    assert submission.reference not in report.after_delivery + report.after_closing


def test_the_report_command_changes_nothing_and_apply_does_it(client: Client) -> None:
    submission = send(client)
    _delivered(submission, channel="email", days_ago=60)
    out = StringIO()
    call_command("retention", "report", "--list", stdout=out)
    assert "Probelauf" in out.getvalue() and submission.reference in out.getvalue()
    assert "würden anonymisiert" in out.getvalue()
    submission.refresh_from_db()
    assert submission.anonymised_at is None
    out = StringIO()
    call_command("retention", "apply", stdout=out)
    assert "wurden anonymisiert" in out.getvalue()
    submission.refresh_from_db()
    assert submission.anonymised_at is not None
