"""The worklist: tabs, filters, search by reference or by name through the blind index,
keyset pages with a signed cursor (a changed one shows the first page)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rathaus.authorities.models import Authority
from rathaus.casework import selectors
from rathaus.casework.blind_index import word_digest
from rathaus.casework.models import ApplicantToken, Case, CaseStatus, ServiceDeadline, Team
from rathaus.casework.selectors import PAGE_SIZE, WorklistQuery
from rathaus.casework.services import case_assign, case_status_set
from rathaus.catalog.models import Service
from rathaus.common.process_cache import clear_every_cache
from tests.casework.cases import case_of, received, send, worker
from tests.casework.conftest import HUNDESTEUER
from tests.staff import staff_client

pytestmark = pytest.mark.django_db
WORKLIST = reverse("casework:worklist")


@pytest.fixture
def kassel(db: None) -> Authority:
    return Authority.objects.get(name="Stadtverwaltung Kassel")


@pytest.fixture
def alice(kassel: Authority) -> User:
    return worker("alice", kassel)


@pytest.fixture
def client(alice: User) -> Client:
    return staff_client(alice)


def _references(client: Client, **params: str) -> list[str]:
    html = client.get(WORKLIST, params).content.decode()
    return re.findall(r'href="/sachbearbeitung/vorgang/[^/]+/">([^<]+)</a>', html)


def _moment(day: int) -> datetime:
    return timezone.make_aware(datetime(2026, 3, day, 10, 0))


def test_new_cases_newest_first_with_the_tabs(kassel: Authority, client: Client) -> None:
    first, second = case_of(send(kassel)), case_of(send(kassel))
    received(first, _moment(1))
    received(second, _moment(2))
    assert _references(client) == [second.reference, first.reference]
    html = client.get(WORKLIST).content.decode()
    assert 'aria-current="page"' in html and "Meine" in html and "Überfällig" in html


def test_mine_and_team_show_what_is_given_to_me_or_my_team(
    kassel: Authority, alice: User, client: Client
) -> None:
    mine, teams, other = (case_of(send(kassel)) for _ in range(3))
    case_assign(case=mine, actor=alice, assignee_id=alice.pk)
    team = Team.objects.create(authority=kassel, name="Steuern")
    team.members.add(alice)
    Case.objects.filter(pk=teams.pk).update(team=team)
    assert _references(client, liste="mine") == [mine.reference]
    assert _references(client, liste="team") == [teams.reference]
    assert set(_references(client, liste="all")) == {
        mine.reference,
        teams.reference,
        other.reference,
    }
    case_status_set(case=mine, actor=alice, status=CaseStatus.CLOSED)
    assert _references(client, liste="mine") == []  # finished work leaves "mine"


def test_overdue_lists_open_cases_past_their_deadline_and_says_so_in_text(
    kassel: Authority, alice: User, client: Client
) -> None:
    ServiceDeadline.objects.create(service=Service.objects.get(leika_key=HUNDESTEUER), days=30)
    late, fresh, decided = (case_of(send(kassel)) for _ in range(3))
    past = timezone.now() - timedelta(days=1)
    Case.objects.filter(pk__in=[late.pk, decided.pk]).update(due_at=past)
    case_status_set(case=decided, actor=alice, status=CaseStatus.DECIDED)
    assert _references(client, liste="overdue") == [late.reference]
    html = client.get(WORKLIST, {"liste": "overdue"}).content.decode()
    assert "überfällig" in html
    page = client.get(reverse("casework:case", args=[late.pk])).content.decode()
    assert "überfällig" in page
    assert (
        "überfällig" not in client.get(reverse("casework:case", args=[fresh.pk])).content.decode()
    )


def test_filters_by_status_received_dates_and_reference(
    kassel: Authority, alice: User, client: Client
) -> None:
    early, late = case_of(send(kassel)), case_of(send(kassel))
    received(early, _moment(1))
    received(late, _moment(20))
    case_status_set(case=late, actor=alice, status=CaseStatus.IN_PROGRESS)
    assert _references(client, liste="all", status="in_progress") == [late.reference]
    assert _references(client, liste="all", received_to="2026-03-10") == [early.reference]
    assert _references(client, liste="all", received_from="2026-03-10") == [late.reference]
    assert _references(client, liste="all", reference=early.reference) == [early.reference]
    service = str(early.service_id)
    assert len(_references(client, liste="all", service=service)) == 2
    # a value that does not fit is dropped, never an error
    response = client.get(WORKLIST, {"liste": "all", "received_from": "gestern", "service": "x"})
    assert response.status_code == 200


def test_search_finds_the_applicant_by_name_word_through_the_blind_index(
    kassel: Authority, client: Client
) -> None:
    neumann = case_of(send(kassel, given="Jörg", family="Neumann"))
    other = case_of(send(kassel, given="Erika", family="Mustermann"))
    assert _references(client, liste="all", q="Neumann") == [neumann.reference]
    assert _references(client, liste="all", q="neumann jörg") == [neumann.reference]
    assert _references(client, liste="all", q="Joerg") == [neumann.reference]  # folded
    assert _references(client, liste="all", q="Neu") == []  # whole words only
    assert _references(client, liste="all", q=other.reference[:-1]) != []  # reference prefix
    assert _references(client, liste="all", q=other.reference) == [other.reference]


def test_pages_follow_the_cursor_and_a_changed_cursor_shows_the_first_page(
    kassel: Authority, client: Client
) -> None:
    cases = [case_of(send(kassel)) for _ in range(PAGE_SIZE + 3)]
    for day, case in enumerate(cases, start=1):
        received(case, _moment(1) + timedelta(hours=day))
    newest_first = [case.reference for case in reversed(cases)]
    html = client.get(WORKLIST, {"liste": "all"}).content.decode()
    assert _references(client, liste="all") == newest_first[:PAGE_SIZE]
    cursor = re.search(r'nach=([^"]+)"', html)
    assert cursor is not None
    second = client.get(WORKLIST + "?liste=all&nach=" + cursor.group(1).replace("&amp;", "&"))
    found = re.findall(
        r'href="/sachbearbeitung/vorgang/[^/]+/">([^<]+)</a>', second.content.decode()
    )
    assert found == newest_first[PAGE_SIZE:]
    assert "Nächste Seite" not in second.content.decode()
    tampered = client.get(WORKLIST, {"liste": "all", "nach": "eyJmYWxzY2gi:abc:def"})
    assert tampered.status_code == 200
    found = re.findall(
        r'href="/sachbearbeitung/vorgang/[^/]+/">([^<]+)</a>', tampered.content.decode()
    )
    assert found == newest_first[:PAGE_SIZE]


def test_a_name_search_pages_newest_first_through_the_cursor(
    kassel: Authority, client: Client
) -> None:
    neumanns = [case_of(send(kassel, given="Jörg", family="Neumann")) for _ in range(PAGE_SIZE + 2)]
    case_of(send(kassel, given="Erika", family="Mustermann"))
    for hour, case in enumerate(neumanns):
        received(case, _moment(1) + timedelta(hours=hour))
    newest_first = [case.reference for case in reversed(neumanns)]
    html = client.get(WORKLIST, {"liste": "all", "q": "Neumann"}).content.decode()
    assert (
        re.findall(r'href="/sachbearbeitung/vorgang/[^/]+/">([^<]+)</a>', html)
        == (newest_first[:PAGE_SIZE])
    )
    cursor = re.search(r'nach=([^"]+)"', html)
    assert cursor is not None
    second = client.get(WORKLIST + "?liste=all&q=Neumann&nach=" + cursor.group(1))
    assert (
        re.findall(r'href="/sachbearbeitung/vorgang/[^/]+/">([^<]+)</a>', second.content.decode())
        == newest_first[PAGE_SIZE:]
    )
    assert _references(client, liste="all", q="Jörg Neumann") == newest_first[:PAGE_SIZE]


def test_a_search_lists_reference_and_name_matches_together_newest_first(
    kassel: Authority, client: Client
) -> None:
    by_reference = case_of(send(kassel, given="Erika", family="Mustermann"))
    by_name = case_of(send(kassel, given="Anna", family="Hewitt"))
    received(by_reference, _moment(1))
    received(by_name, _moment(2))
    # "he" is the start of every reference (HE-…) and a word of neither name
    assert _references(client, liste="all", q="he") == [by_name.reference, by_reference.reference]
    assert _references(client, liste="all", q="Hewitt") == [by_name.reference]
    assert _references(client, liste="all", reference="he-") == [
        by_name.reference,
        by_reference.reference,
    ]  # the prefix ignores case


def test_cases_received_at_the_same_moment_are_each_listed_once_across_pages(
    kassel: Authority, alice: User
) -> None:
    cases = [case_of(send(kassel)) for _ in range(PAGE_SIZE + 3)]
    for case in cases:
        received(case, _moment(5))
    first = selectors.worklist(user=alice, query=WorklistQuery(tab="all"))
    second = selectors.worklist(
        user=alice, query=WorklistQuery(tab="all", cursor=first.next_cursor)
    )
    listed = [case.pk for case in first.cases + second.cases]
    assert sorted(listed) == sorted(case.pk for case in cases) and second.next_cursor == ""


def test_the_team_list_shows_open_cases_of_every_team_of_mine(
    kassel: Authority, alice: User, client: Client
) -> None:
    north, south = (Team.objects.create(authority=kassel, name=n) for n in ("Nord", "Süd"))
    north.members.add(alice)
    south.members.add(alice)
    others = Team.objects.create(authority=kassel, name="Ost")
    ours, theirs, done = (case_of(send(kassel)) for _ in range(3))
    Case.objects.filter(pk=ours.pk).update(team=north)
    Case.objects.filter(pk=done.pk).update(team=south, status=CaseStatus.CLOSED)
    Case.objects.filter(pk=theirs.pk).update(team=others)
    mine_too = case_of(send(kassel))
    Case.objects.filter(pk=mine_too.pk).update(team=south)
    assert set(_references(client, liste="team")) == {ours.reference, mine_too.reference}


def test_the_service_filter_offers_the_services_of_my_authorities_cases(
    kassel: Authority, alice: User
) -> None:
    assert selectors.worklist_services(user=alice) == []
    case = case_of(send(kassel))
    frankfurt = Authority.objects.get(name="Stadtverwaltung Frankfurt am Main")
    other = case_of(send(frankfurt))
    sperrmuell = Service.objects.get(forms__key="sperrmuell_abholung")
    Case.objects.filter(pk=other.pk).update(service=sperrmuell)
    hundesteuer = Service.objects.get(pk=case.service_id)
    assert selectors.worklist_services(user=alice) == []  # the list is kept a minute
    clear_every_cache()  # … which has passed
    assert selectors.worklist_services(user=alice) == [(hundesteuer.pk, hundesteuer.name)]
    hundesteuer.name = "Hundesteuer (neu)"
    hundesteuer.save()  # a renamed service shows at once
    assert selectors.worklist_services(user=alice) == [(hundesteuer.pk, "Hundesteuer (neu)")]
    operator = User.objects.get(username="admin")
    assert {pk for pk, _name in selectors.worklist_services(user=operator)} == {
        hundesteuer.pk,
        sperrmuell.pk,
    }


def test_a_worklist_page_costs_the_same_queries_for_three_rows_as_for_a_full_page(
    kassel: Authority, client: Client
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(WORKLIST, {"liste": "all"}).status_code == 200
        return len(captured.captured_queries)

    for _ in range(3):
        send(kassel)
    queries()  # the service filter's options are kept from the first page on
    few = queries()
    for _ in range(PAGE_SIZE):
        send(kassel)
    assert queries() == few


def test_a_case_without_a_service_shows_its_forms_title(kassel: Authority, client: Client) -> None:
    with_service, without = case_of(send(kassel)), case_of(send(kassel))
    Case.objects.filter(pk=without.pk).update(service=None)
    html = client.get(WORKLIST, {"liste": "all"}).content.decode()
    assert with_service.service is not None and with_service.service.name in html
    assert "Hund zur Hundesteuer anmelden" in html


def test_the_list_shows_receipt_and_deadline_in_local_time(
    kassel: Authority, client: Client
) -> None:
    case = received(case_of(send(kassel)), _moment(1))
    Case.objects.filter(pk=case.pk).update(due_at=_moment(31))
    html = client.get(WORKLIST, {"liste": "all"}).content.decode()
    assert "01.03.2026, 10:00" in html and "31.03.2026" in html


def test_several_name_words_find_the_cases_with_all_of_them_in_any_order(
    kassel: Authority, client: Client
) -> None:
    both = case_of(send(kassel, given="Anna Maria", family="Schulz"))
    anna = case_of(send(kassel, given="Anna", family="Weber"))
    maria = case_of(send(kassel, given="Maria", family="Schulz"))
    received(both, _moment(1))
    received(anna, _moment(2))
    received(maria, _moment(3))
    assert _references(client, liste="all", q="Maria Anna") == [both.reference]
    assert _references(client, liste="all", q="schulz MARIA") == [maria.reference, both.reference]
    assert _references(client, liste="all", q="Anna Schulz Maria") == [both.reference]
    assert _references(client, liste="all", q="Anna Weber Schulz") == []
    assert _references(client, liste="all", q="Anna") == [anna.reference, both.reference]


def test_a_name_too_long_for_word_pairs_is_found_by_its_words(
    kassel: Authority, client: Client
) -> None:
    long = case_of(send(kassel, given="Anna Maria Luise Charlotte", family="von der Heide zu Ahr"))
    short = case_of(send(kassel, given="Anna", family="von der Heide"))
    received(long, _moment(1))
    received(short, _moment(2))
    assert ApplicantToken.objects.filter(case=long).count() == 9 + 1  # words and the marker
    assert _references(client, liste="all", q="Heide Anna") == [short.reference, long.reference]
    assert _references(client, liste="all", q="Charlotte Ahr") == [long.reference]
    assert _references(client, liste="all", q="Charlotte Weber") == []


def test_the_migration_gives_older_cases_their_word_pairs(
    kassel: Authority, client: Client
) -> None:
    case = case_of(send(kassel, given="Jörg", family="Neumann"))
    words = {word_digest("joerg"), word_digest("neumann")}
    ApplicantToken.objects.filter(case=case).exclude(digest__in=words).delete()
    assert _references(client, liste="all", q="Jörg Neumann") == []  # the pair is missing
    pairs = import_module("rathaus.casework.migrations.0006_applicant_name_pairs")
    pairs.pairs_add(django_apps, None)
    assert _references(client, liste="all", q="Jörg Neumann") == [case.reference]
    assert ApplicantToken.objects.filter(case=case).count() == 3
    pairs.pairs_add(django_apps, None)  # again: nothing twice
    assert ApplicantToken.objects.filter(case=case).count() == 3


def test_the_back_office_header_names_the_staff_member_and_logs_out(client: Client) -> None:
    html = client.get(WORKLIST).content.decode()
    assert "Angemeldet als alice" in html
    assert f'action="{reverse("admin:logout")}"' in html
    assert reverse("identity:login") not in html  # not the citizens' account links
    response = client.post(reverse("admin:logout"))
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert client.get(WORKLIST).status_code == 302  # back to the staff login
