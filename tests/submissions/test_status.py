"""A caseworker moves an application from step to step in the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from rathaus.submissions.models import SubmissionStatus
from tests.staff import staff_client
from tests.submissions.journey import send

pytestmark = pytest.mark.django_db


def test_closing_starts_the_retention_period_and_reopening_ends_it(client: Client) -> None:
    submission = send(client)  # to the Stadtverwaltung Kassel
    caseworker = staff_client(User.objects.get(username="kassel"))  # the demo's caseworker
    url = reverse("admin:submissions_submission_change", args=[submission.pk])
    assert caseworker.post(url, {"status": "closed"}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CLOSED and submission.closed_at is not None
    assert caseworker.post(url, {"status": "processing"}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PROCESSING and submission.closed_at is None


def test_an_unknown_status_is_refused_on_the_page(client: Client) -> None:
    submission = send(client)
    caseworker = staff_client(User.objects.get(username="kassel"))
    url = reverse("admin:submissions_submission_change", args=[submission.pk])
    response = caseworker.post(url, {"status": "erledigt-vielleicht"})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RECEIVED
