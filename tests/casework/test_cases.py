"""The back office's services: a case for every submission, routing, deadlines, assignment,
status changes reaching the citizen's status monitor, notes; each change on the timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from rathaus.authorities.models import Authority, StaffRole
from rathaus.casework import selectors
from rathaus.casework.models import (
    ApplicantToken,
    Case,
    CaseEvent,
    CaseNote,
    CaseStatus,
    RoutingRule,
    ServiceDeadline,
    Team,
)
from rathaus.casework.services import (
    CaseRefused,
    case_assign,
    case_open,
    case_receipt_move,
    case_status_set,
    cases_open_missing,
    note_add,
)
from rathaus.catalog.models import Service
from rathaus.mailbox.models import StatusChange
from rathaus.submissions.models import SubmissionStatus
from rathaus.submissions.retention import submission_anonymise
from tests.casework.cases import case_of, send, worker
from tests.casework.conftest import HUNDESTEUER

pytestmark = pytest.mark.django_db


@pytest.fixture
def kassel(db: None) -> Authority:
    return Authority.objects.get(name="Stadtverwaltung Kassel")


@pytest.fixture
def frankfurt(db: None) -> Authority:
    return Authority.objects.get(name="Stadtverwaltung Frankfurt am Main")


@pytest.fixture
def hundesteuer(db: None) -> Service:
    return Service.objects.get(leika_key=HUNDESTEUER)


def test_a_sent_application_gets_its_case_in_the_same_transaction(kassel: Authority) -> None:
    submission = send(kassel)
    case = case_of(submission)
    assert case.authority == kassel and case.reference == submission.reference
    assert case.status == CaseStatus.NEW and case.received_at == submission.submitted_at
    assert case.due_at is None  # no deadline configured
    assert [event.kind for event in case.events.all()] == ["opened"]
    assert case_open(submission=submission) == case  # idempotent
    assert Case.objects.filter(submission=submission).count() == 1


def test_the_applicant_name_is_sealed_and_indexed_blind(kassel: Authority) -> None:
    case = case_of(send(kassel, given="Jörg", family="Neumann"))
    assert selectors.applicant_name(case=case) == "Jörg Neumann"
    assert b"Neumann" not in bytes(case.sealed_applicant)
    assert ApplicantToken.objects.filter(case=case).count() == 3  # two words and their pair
    with connection.cursor() as cursor:  # nowhere in the case tables in clear
        for table in ("casework_case", "casework_applicanttoken", "casework_caseevent"):
            cursor.execute(f"SELECT * FROM {table}")
            dump = repr(cursor.fetchall())
            assert "Neumann" not in dump and "neumann" not in dump, table


def test_older_submissions_get_their_cases_from_the_sweep(kassel: Authority) -> None:
    submission = send(kassel)
    Case.objects.filter(submission=submission).delete()
    assert cases_open_missing() == 1
    assert case_of(submission).reference == submission.reference
    assert cases_open_missing() == 0


def test_the_deadline_comes_from_the_service_own_authority_first(
    kassel: Authority, frankfurt: Authority, hundesteuer: Service
) -> None:
    ServiceDeadline.objects.create(service=hundesteuer, days=30)
    ServiceDeadline.objects.create(service=hundesteuer, authority=kassel, days=10)
    in_kassel, in_frankfurt = case_of(send(kassel)), case_of(send(frankfurt))
    assert in_kassel.due_at == in_kassel.received_at + timedelta(days=10)
    assert in_frankfurt.due_at == in_frankfurt.received_at + timedelta(days=30)
    assert not in_kassel.overdue()
    assert in_kassel.overdue(now=in_kassel.received_at + timedelta(days=11))


def test_routing_rules_give_new_cases_to_a_team_and_a_person_by_priority(
    kassel: Authority, frankfurt: Authority, hundesteuer: Service
) -> None:
    alice = worker("alice", kassel)
    team = Team.objects.create(authority=kassel, name="Steuern")
    RoutingRule.objects.create(authority=kassel, service=hundesteuer, team=team, priority=50)
    RoutingRule.objects.create(authority=kassel, service=hundesteuer, assignee=alice, priority=90)
    case = case_of(send(kassel))
    assert case.team == team and case.assignee is None
    assert [event.kind for event in case.events.all()] == ["opened", "routed"]
    RoutingRule.objects.filter(team=team).delete()
    assert case_of(send(kassel)).assignee == alice
    assert case_of(send(frankfurt)).assignee is None  # another authority's rule


def test_a_rule_naming_someone_outside_the_authority_assigns_nobody(
    kassel: Authority, frankfurt: Authority, hundesteuer: Service
) -> None:
    stranger = worker("fremd-ffm", frankfurt)
    RoutingRule.objects.create(authority=kassel, service=hundesteuer, assignee=stranger)
    assert case_of(send(kassel)).assignee is None


def test_assignment_only_to_workers_of_the_same_authority(
    kassel: Authority, frankfurt: Authority
) -> None:
    case = case_of(send(kassel))
    alice, bob = worker("alice", kassel), worker("bob", kassel)
    reader = worker("lena", kassel, StaffRole.READER)
    stranger = worker("fremd-ffm", frankfurt)
    case_assign(case=case, actor=alice, assignee_id=alice.pk)
    case_assign(case=case, actor=alice, assignee_id=bob.pk)
    assert case_of(case.submission).assignee == bob
    for actor, assignee in ((alice, stranger.pk), (alice, reader.pk), (reader, reader.pk)):
        with pytest.raises(CaseRefused):
            case_assign(case=case, actor=actor, assignee_id=assignee)
    with pytest.raises(CaseRefused):
        case_assign(case=case, actor=stranger, assignee_id=stranger.pk)
    assert case_of(case.submission).assignee == bob
    assigned = CaseEvent.objects.filter(case=case, kind="assigned")
    assert [event.details["assignee"] for event in assigned] == [alice.pk, bob.pk]


def test_a_status_change_reaches_the_citizens_status_monitor(kassel: Authority) -> None:
    submission = send(kassel)
    case, alice = case_of(submission), worker("alice", kassel)
    case_status_set(case=case, actor=alice, status=CaseStatus.IN_PROGRESS)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PROCESSING
    case_status_set(case=case, actor=alice, status=CaseStatus.WAITING)
    case_status_set(case=case, actor=alice, status=CaseStatus.CLOSED)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CLOSED and submission.closed_at is not None
    steps = list(StatusChange.objects.filter(submission=submission).values_list("step_key"))
    assert steps == [("processing",), ("question",), ("decided",)]
    case.refresh_from_db()
    assert case.closed_at is not None
    changes = [(e.details["before"], e.details["after"]) for e in case.events.filter(kind="status")]
    assert changes == [("new", "in_progress"), ("in_progress", "waiting"), ("waiting", "closed")]


def test_a_reader_or_a_stranger_changes_nothing(kassel: Authority, frankfurt: Authority) -> None:
    case = case_of(send(kassel))
    for actor in (worker("lena", kassel, StaffRole.READER), worker("fremd-ffm", frankfurt)):
        with pytest.raises(CaseRefused):
            case_status_set(case=case, actor=actor, status=CaseStatus.IN_PROGRESS)
        with pytest.raises(CaseRefused):
            note_add(case=case, author=actor, text="Hallo")
    with pytest.raises(CaseRefused):
        case_status_set(case=case, actor=worker("alice", kassel), status="erfunden")
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW and not CaseNote.objects.exists()
    assert case.events.count() == 1


def test_notes_are_sealed_and_the_timeline_says_only_that_one_was_added(
    kassel: Authority,
) -> None:
    case, alice = case_of(send(kassel)), worker("alice", kassel)
    note = note_add(case=case, author=alice, text="Rückruf bei Frau Neumann vereinbart")
    assert b"Neumann" not in bytes(note.sealed_text)
    assert selectors.notes(case=case) == [(note, "Rückruf bei Frau Neumann vereinbart")]
    event = case.events.get(kind="note")
    assert event.details == {"note": str(note.pk)} and event.actor == alice
    with pytest.raises(CaseRefused):
        note_add(case=case, author=alice, text="   ")


def test_retention_removes_the_name_its_index_and_the_notes_of_the_case(
    kassel: Authority,
) -> None:
    submission = send(kassel, family="Neumann")
    case, alice = case_of(submission), worker("alice", kassel)
    note_add(case=case, author=alice, text="Frau Neumann angerufen")
    assert submission_anonymise(submission_id=submission.pk, now=timezone.now())
    case.refresh_from_db()
    assert selectors.applicant_name(case=case) == ""
    assert not ApplicantToken.objects.filter(case=case).exists()
    assert not CaseNote.objects.filter(case=case).exists()
    assert case.events.last().kind == "anonymised"  # type: ignore[union-attr]


def test_moving_a_cases_receipt_moves_its_name_words_sort_key(kassel: Authority) -> None:
    case = case_of(send(kassel))
    earlier = timezone.now() - timedelta(days=40)
    case_receipt_move(case=case, received_at=earlier, due_at=earlier + timedelta(days=30))
    case.refresh_from_db()
    assert case.received_at == earlier and case.due_at == earlier + timedelta(days=30)
    tokens = ApplicantToken.objects.filter(case=case)
    assert tokens.count() == 3 and {t.received_at for t in tokens} == {earlier}
