"""The back office's pages in the permission matrix: role × own / other authority.

A's members (administration, caseworker, reader) against A's case and B's; the Land operator
reads both and changes neither. Another authority's case is 404 for every page and every
method, and nothing about it changes.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from rathaus.casework.models import Case, CaseNote
from tests.authorities.conftest import World
from tests.authorities.url_table import URLS, Access
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

ROLES = ["admin", "caseworker", "reader", "operator"]
MAY_CHANGE = {"admin", "caseworker"}
CHANGES = ["casework:status", "casework:note", "casework:assign"]


def _case(world: World, side: str) -> Case:
    return Case.objects.get(submission=getattr(world, side).submission)


def _state(case: Case) -> tuple[Any, ...]:
    fresh = Case.objects.get(pk=case.pk)
    return fresh.status, fresh.assignee_id, fresh.events.count(), CaseNote.objects.count()


def _post(world: World, role: str, name: str, case: Case) -> Any:
    data = {
        "casework:status": {"status": "in_progress"},
        "casework:note": {"text": "Unterlagen vollständig"},
        "casework:assign": {"assignee": str(world.members["caseworker"].pk)},
    }[name]
    return world.client(role).post(reverse(name, args=[case.pk]), data)


def test_the_table_names_every_casework_page() -> None:
    pages = {name for name, access in URLS.items() if access is Access.CASEWORK}
    decisions = {"casework:decide", "casework:reopen"}  # tests/casework/test_deciding.py
    asking = {"casework:ask", "casework:answer_file"}  # tests/casework/test_questions.py
    reads = {"casework:worklist", "casework:case", "casework:attachment"}
    assert pages == reads | {*CHANGES} | decisions | asking


@pytest.mark.parametrize("role", ROLES)
def test_the_own_case_opens_for_every_role_another_authoritys_is_not_found(
    world: World, role: str
) -> None:
    mine, theirs = _case(world, "a"), _case(world, "b")
    client = world.client(role)
    page = client.get(reverse("casework:case", args=[mine.pk]))
    assert page.status_code == 200 and mine.reference in page.content.decode()
    has_forms = 'action="{}"'.format(reverse("casework:status", args=[mine.pk]))
    assert (has_forms in page.content.decode()) == (role in MAY_CHANGE)
    other = client.get(reverse("casework:case", args=[theirs.pk]))
    if role == "operator":
        assert other.status_code == 200
    else:
        assert other.status_code == 404 and theirs.reference not in other.content.decode()
        for name in ("casework:attachment", "casework:answer_file"):
            assert client.get(reverse(name, args=[theirs.pk, "x"])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_worklist_lists_the_own_authoritys_cases_only(world: World, role: str) -> None:
    html = world.client(role).get(reverse("casework:worklist")).content.decode()
    assert _case(world, "a").reference in html
    assert (_case(world, "b").reference in html) == (role == "operator")


@pytest.mark.parametrize("name", CHANGES)
@pytest.mark.parametrize("role", ROLES)
def test_a_change_on_the_own_case_is_taken_from_workers_only(
    world: World, role: str, name: str
) -> None:
    mine = _case(world, "a")
    before = _state(mine)
    response = _post(world, role, name, mine)
    if role in MAY_CHANGE:
        assert response.status_code == 302
        assert _state(mine) != before
    else:
        assert response.status_code == 403
        assert "nicht ändern" in response.content.decode()
        assert _state(mine) == before


@pytest.mark.parametrize("name", CHANGES)
@pytest.mark.parametrize("role", ROLES)
def test_a_change_on_another_authoritys_case_is_not_found(
    world: World, role: str, name: str
) -> None:
    theirs = _case(world, "b")
    before = _state(theirs)
    status = 403 if role == "operator" else 404
    assert _post(world, role, name, theirs).status_code == status
    assert _state(theirs) == before


def test_staff_without_a_verified_code_and_citizens_are_sent_to_the_staff_login(
    world: World,
) -> None:
    url = reverse("casework:case", args=[_case(world, "a").pk])
    unverified = Client()
    unverified.force_login(world.members["caseworker"])
    citizen = staff_client(User.objects.create_user("bundid-beispiel"))
    for client in (Client(), unverified, citizen):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/verwaltung/login/?next=")


def test_staff_of_no_authority_see_an_empty_worklist_and_no_case(world: World) -> None:
    editor = staff_client(User.objects.get(username="redaktion"))
    html = editor.get(reverse("casework:worklist")).content.decode()
    assert _case(world, "a").reference not in html
    assert editor.get(reverse("casework:case", args=[_case(world, "a").pk])).status_code == 404
