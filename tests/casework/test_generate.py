"""`rathaus casework-generate`: realistic test cases on PostgreSQL, refused where they would
mix with real work (production, SQLite, a database with real submissions)."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from rathaus.authorities.models import Authority, StaffMembership
from rathaus.casework import selectors
from rathaus.casework.blind_index import name_digests
from rathaus.casework.generator import GENERATED_OWNER
from rathaus.casework.models import ApplicantToken, Case, CaseEvent, CaseStatus
from rathaus.casework.selectors import FINISHED, WorklistQuery
from rathaus.submissions.models import Submission
from tests.casework.cases import case_of, send
from tests.staff import staff_client

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the command fills PostgreSQL only (COPY)"
)
FRANKFURT = "Stadtverwaltung Frankfurt am Main"


def generate(*args: str) -> str:
    out = StringIO()
    call_command("casework_generate", *args, stdout=out)
    return out.getvalue()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the refusal of SQLite")
def test_it_refuses_sqlite_in_german_and_english() -> None:
    with pytest.raises(CommandError) as refused:
        generate("--cases", "10")
    assert "nur auf PostgreSQL" in str(refused.value) and "need PostgreSQL" in str(refused.value)
    assert not Case.objects.exists()


@override_settings(RATHAUS_ENV="production")
def test_it_refuses_production_whatever_the_switches() -> None:
    with pytest.raises(CommandError, match="In Produktion"):
        generate("--cases", "10", "--force")
    assert not Case.objects.exists()


def test_it_refuses_nonsense_sizes() -> None:
    with pytest.raises(CommandError, match="--teams 1 bis 6"):
        generate("--cases", "0")


@on_postgresql
def test_it_refuses_a_database_with_real_submissions_unless_forced() -> None:
    real = send(Authority.objects.get(name=FRANKFURT))
    with pytest.raises(CommandError, match="1 echte Anträge"):
        generate("--cases", "10")
    assert Case.objects.count() == 1
    generate("--cases", "10", "--force", "--staff", "2")
    assert Case.objects.count() == 11
    assert Submission.objects.exclude(owner_key=GENERATED_OWNER).get() == real


@on_postgresql
def test_generated_cases_are_real_rows_the_back_office_reads() -> None:
    output = generate("--cases", "400", "--staff", "4", "--teams", "2", "--years", "1")
    assert "400 Vorgänge erzeugt" in output
    cases = Case.objects.select_related("submission", "authority")
    assert cases.count() == 400 and Submission.objects.count() == 400
    assert {c.submission.owner_key for c in cases} == {GENERATED_OWNER}
    assert len({c.authority_id for c in cases}) > 1
    assert {c.status for c in cases} >= {CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}
    now = timezone.now()
    assert any(c.overdue(now) for c in cases) and not all(c.overdue(now) for c in cases)
    case = cases.exclude(status=CaseStatus.NEW).first()
    assert case is not None and case.reference == case.submission.reference
    assert re.fullmatch(r"HE-\d{5}-20\d\d-\d{6}", case.reference)
    name = selectors.applicant_name(case=case)  # sealed under the case's own context
    tokens = ApplicantToken.objects.filter(case=case)
    assert {t.digest for t in tokens} == name_digests(name)
    assert {t.received_at for t in tokens} == {case.received_at}
    assert CaseEvent.objects.filter(case=case).count() == 2  # opened, status


@on_postgresql
def test_real_submissions_continue_the_generated_reference_numbers() -> None:
    generate("--cases", "200", "--staff", "2", "--years", "0.2")
    frankfurt = Authority.objects.get(name=FRANKFURT)
    year = timezone.now().year
    generated = Case.objects.filter(authority=frankfurt, received_at__year=year)
    highest = max(int(c.reference.rsplit("-", 1)[1]) for c in generated)
    real = case_of(send(frankfurt))
    assert int(real.reference.rsplit("-", 1)[1]) == highest + 1


@on_postgresql
def test_generated_caseworkers_cannot_log_in_but_see_their_worklists() -> None:
    generate("--cases", "300", "--staff", "3", "--teams", "2")
    worker = User.objects.get(username=f"testdaten-{Authority.objects.get(name=FRANKFURT).pk}-001")
    assert not worker.has_usable_password() and worker.is_staff
    assert StaffMembership.objects.filter(user=worker, role="caseworker").exists()
    mine = selectors.worklist(user=worker, query=WorklistQuery(tab="mine"), size=500).cases
    assert mine and all(c.assignee_id == worker.pk and c.status not in FINISHED for c in mine)
    client = staff_client(worker)
    assert client.get(reverse("casework:worklist"), {"liste": "all"}).status_code == 200
    page = client.get(reverse("casework:case", args=[mine[0].pk]))
    assert page.status_code == 200 and mine[0].reference in page.content.decode()
