"""The demo's back office: Kassel's caseworker finds applications in the worklist."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from rathaus.casework.models import Case
from rathaus.commands.demo_cases import APPLICANTS, demo_cases_create
from rathaus.commands.demo_data import demo_accounts_create
from tests.staff import staff_client

pytestmark = pytest.mark.django_db


def test_the_demo_fills_kassels_worklist_once() -> None:
    demo_accounts_create()
    assert demo_cases_create() == len(APPLICANTS)
    assert demo_cases_create() == 0
    cases = Case.objects.filter(authority__name="Stadtverwaltung Kassel")
    assert cases.count() == len(APPLICANTS)
    assert sum(case.overdue() for case in cases) == 1  # the application of 40 days ago
    client = staff_client(User.objects.get(username="kassel"))
    html = client.get(reverse("casework:worklist")).content.decode()
    assert all(case.reference in html for case in cases)
    assert "Neumann" in html  # the sealed name, opened for the page
