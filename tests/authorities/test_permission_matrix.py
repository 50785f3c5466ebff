"""Who reads and changes what: every URL is classified, and nobody reads or changes another
authority's (or another citizen's) data.

The staff screens are tried as the administration, a caseworker and a reader of authority A
(Kassel), each against A's objects and B's (Frankfurt): lists, change, delete and history
pages, a change posted, the resend action. Logins carry a verified TOTP device.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.admin.utils import quote
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse

from rathaus.api.services import api_client_create
from rathaus.submissions.models import Delivery, DeliveryState, Draft, Submission
from tests.authorities.conftest import World, staff_member
from tests.authorities.url_table import (
    ADMIN_MODELS,
    API_SCOPES,
    URLS,
    Access,
    access_of,
    url_patterns,
)
from tests.staff import staff_client
from tests.submissions.files import pdf_bytes
from tests.submissions.journey import START, fill, send

pytestmark = pytest.mark.django_db

ROLES = ["admin", "caseworker", "reader"]
WORKERS, ADMINS, NOBODY = {"admin", "caseworker"}, {"admin"}, set[str]()

# the authority's screens: who of A's members may change, who may delete A's objects
SCOPED: dict[str, tuple[set[str], set[str]]] = {
    "submissions.submission": (WORKERS, NOBODY),
    "submissions.delivery": (WORKERS, NOBODY),
    "submissions.deliveryroute": (ADMINS, ADMINS),
    "submissions.inboxitem": (NOBODY, NOBODY),
    "submissions.fitconnecttransfer": (NOBODY, NOBODY),
    "authorities.staffmembership": (ADMINS, ADMINS),
    "submissions.destructionlist": (ADMINS, NOBODY),
}

# text that names the object on a page
MARKER: dict[str, Callable[[Any], str]] = {
    "submissions.submission": lambda o: o.reference,
    "submissions.delivery": lambda o: o.submission.reference,
    "submissions.deliveryroute": lambda o: o.authority.name,
    "submissions.inboxitem": lambda o: o.submission.reference,
    "submissions.fitconnecttransfer": lambda o: str(o.submission_id),
    "authorities.staffmembership": lambda o: o.user.username,
    "submissions.destructionlist": lambda o: o.authority.name,
}

# a change posted to the change page, and how to see that it happened (None: nothing to see)
CHANGE: dict[str, tuple[dict[str, str], Callable[[Any], bool] | None]] = {
    "submissions.submission": ({"status": "processing"}, lambda o: o.status == "processing"),
    "submissions.deliveryroute": (
        {"channel": "inbox", "settings_json": "{}"},
        lambda o: o.channel == "inbox",
    ),
    "authorities.staffmembership": ({"role": "caseworker"}, lambda o: o.role == "caseworker"),
    "submissions.delivery": ({}, None),
    "submissions.inboxitem": ({}, None),
    "submissions.fitconnecttransfer": ({}, None),
    # the items' formset, unchanged (keeping an item is tested in test_destruction_lists.py)
    "submissions.destructionlist": ({"items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0"}, None),
}


def _url(obj: models.Model, view: str) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[quote(obj.pk)])


def _changelist(label: str) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


def _state(obj: models.Model) -> dict[str, Any]:
    """The stored values of an object, read afresh."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return {f.attname: getattr(fresh, f.attname) for f in obj._meta.concrete_fields}


# --- the table covers the whole site -------------------------------------------------------


def test_every_url_pattern_is_classified() -> None:
    unclassified = [entry.key for entry in url_patterns() if access_of(entry) is None]
    assert unclassified == [], "classify these in tests/authorities/url_table.py"


def test_the_table_names_only_urls_and_models_that_exist() -> None:
    keys = {entry.key for entry in url_patterns()}
    assert set(URLS) - keys == set()
    from django.contrib import admin

    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS)
    assert {label for label, access in ADMIN_MODELS.items() if access is Access.SCOPED} == set(
        SCOPED
    )


# --- an authority's screens ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", SCOPED)
def test_a_list_shows_the_own_authority_only(world: World, label: str, role: str) -> None:
    mine, theirs = world.a.objects[label], world.b.objects[label]
    html = world.client(role).get(_changelist(label)).content.decode()
    assert MARKER[label](mine) in html and _url(mine, "change") in html
    assert MARKER[label](theirs) not in html
    assert _url(theirs, "change") not in html


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", SCOPED)
def test_the_own_authoritys_object_opens_with_the_roles_buttons(
    world: World, label: str, role: str
) -> None:
    mine = world.a.objects[label]
    may_change, may_delete = SCOPED[label]
    client = world.client(role)
    response = client.get(_url(mine, "change"))
    assert response.status_code == 200
    html = response.content.decode()
    assert MARKER[label](mine) in html
    assert ('name="_save"' in html) == (role in may_change)
    assert ('class="deletelink' in html) == (role in may_delete)
    assert client.get(_url(mine, "history")).status_code == 200
    assert client.get(_url(mine, "delete")).status_code == (200 if role in may_delete else 403)


@pytest.mark.parametrize("view", ["change", "delete", "history"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", SCOPED)
def test_another_authoritys_object_is_not_found_and_stays_as_it_is(
    world: World, label: str, role: str, view: str
) -> None:
    theirs = world.b.objects[label]
    before = _state(theirs)
    client = world.client(role)
    response = client.get(_url(theirs, view))
    assert response.status_code == 404
    assert MARKER[label](theirs) not in response.content.decode()
    data = {**CHANGE[label][0], "post": "yes"}
    assert client.post(_url(theirs, view), data).status_code == 404
    assert _state(theirs) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", SCOPED)
def test_a_change_is_taken_only_from_the_roles_that_may(
    world: World, label: str, role: str
) -> None:
    mine = world.a.objects[label]
    before = _state(mine)
    data, changed = CHANGE[label]
    response = world.client(role).post(_url(mine, "change"), data)
    if role in SCOPED[label][0]:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert changed is None or changed(type(mine)._default_manager.get(pk=mine.pk))
    else:
        assert response.status_code == 403
        assert _state(mine) == before


@pytest.mark.parametrize("role", [*ROLES, "operator"])
def test_the_resend_action_reaches_only_the_own_authoritys_deliveries(
    world: World, role: str
) -> None:
    mine, theirs = world.a.objects["submissions.delivery"], world.b.objects["submissions.delivery"]
    Delivery.objects.filter(pk__in=[mine.pk, theirs.pk]).update(state=DeliveryState.FAILED)
    world.client(role).post(
        _changelist("submissions.delivery"),
        {"action": "resend", "_selected_action": [str(mine.pk), str(theirs.pk)]},
    )
    resent = {d.pk for d in Delivery.objects.filter(state=DeliveryState.PENDING)}
    expected = {mine.pk} if role in WORKERS else set()
    if role == "operator":
        expected = {mine.pk, theirs.pk}
    assert resent & {mine.pk, theirs.pk} == expected


@pytest.mark.parametrize("label", SCOPED)
def test_the_land_operator_sees_every_authority(world: World, label: str) -> None:
    html = world.client("operator").get(_changelist(label)).content.decode()
    assert MARKER[label](world.a.objects[label]) in html
    assert MARKER[label](world.b.objects[label]) in html


def test_a_route_is_added_only_for_an_authority_one_administers(world: World) -> None:
    from rathaus.authorities.models import Authority
    from rathaus.submissions.models import DeliveryRoute

    other = Authority.objects.get(name="Stadtverwaltung Darmstadt")
    client = world.client("admin")
    page = client.get(reverse("admin:submissions_deliveryroute_add")).content.decode()
    assert f'value="{world.a.authority.pk}"' in page
    assert f'value="{other.pk}"' not in page and f'value="{world.b.authority.pk}"' not in page
    data = {"authority": str(other.pk), "channel": "inbox", "settings_json": "{}"}
    response = client.post(reverse("admin:submissions_deliveryroute_add"), data)
    assert response.status_code == 200
    assert not DeliveryRoute.objects.filter(authority=other).exists()
    for role in ("caseworker", "reader"):
        denied = world.client(role).post(reverse("admin:submissions_deliveryroute_add"), data)
        assert denied.status_code == 403


# --- pages by Django permission, and the staff site's door ---------------------------------

BY_PERMISSION = [label for label, access in ADMIN_MODELS.items() if access is not Access.SCOPED]


@pytest.mark.parametrize("label", BY_PERMISSION)
def test_master_data_and_operator_pages_go_by_permission(world: World, label: str) -> None:
    for role in ROLES:
        assert world.client(role).get(_changelist(label)).status_code == 403, role
    editor = staff_client(User.objects.get(username="redaktion"))
    editorial = ADMIN_MODELS[label] is Access.EDITORIAL
    assert editor.get(_changelist(label)).status_code == (200 if editorial else 403)
    assert world.client("operator").get(_changelist(label)).status_code == 200


@pytest.mark.parametrize("label", SCOPED)
def test_staff_without_membership_see_no_authoritys_data(world: World, label: str) -> None:
    editor = staff_client(User.objects.get(username="redaktion"))
    assert editor.get(_changelist(label)).status_code == 403
    assert editor.get(_url(world.a.objects[label], "change")).status_code == 404


def test_the_index_lists_only_what_the_member_may_see(world: World) -> None:
    html = world.client("reader").get("/verwaltung/").content.decode()
    assert _changelist("submissions.submission") in html
    assert _changelist("catalog.service") not in html
    assert _changelist("auth.user") not in html


def test_citizens_never_get_into_the_staff_site_even_with_a_second_factor(world: World) -> None:
    citizen = User.objects.create_user("bundid-beispiel")
    client = staff_client(citizen)  # a verified device in the session, still no staff account
    for url in ("/verwaltung/", _changelist("submissions.submission")):
        response = client.get(url)
        assert response.status_code == 302 and "/verwaltung/login/" in response["Location"]


def test_a_staff_login_without_the_code_step_is_sent_back_to_the_login(world: World) -> None:
    client = Client()
    client.force_login(world.members["admin"])  # password only: no verified device
    response = client.get(_changelist("submissions.submission"))
    assert response.status_code == 302 and "/verwaltung/login/" in response["Location"]


# --- the citizens' own pages ---------------------------------------------------------------


def test_another_persons_application_is_not_found() -> None:
    owner, stranger = Client(), Client()
    submission = send(owner)
    stranger.get(START, {"ags": "06611000"})  # a session of its own
    for url in (
        reverse("applications:sent", args=[submission.pk]),
        reverse("applications:receipt", args=[submission.pk]),
    ):
        assert owner.get(url).status_code == 200
        assert stranger.get(url).status_code == 404
    assert submission.reference in owner.get(reverse("applications:mine")).content.decode()
    assert submission.reference not in stranger.get(reverse("applications:mine")).content.decode()


def test_staff_of_the_authority_read_no_application_through_the_citizen_pages(
    world: World,
) -> None:
    submission = world.a.submission
    client = world.client("admin")
    assert client.get(reverse("applications:sent", args=[submission.pk])).status_code == 404
    assert submission.reference not in client.get(reverse("applications:mine")).content.decode()


def test_another_persons_draft_is_not_found() -> None:
    owner = Client()
    fill(owner)
    draft = Draft.objects.order_by("-created_at").first()
    assert draft is not None
    url = reverse("applications:continue", args=[draft.pk])
    assert owner.get(url).status_code == 302
    assert Client().get(url).status_code == 404
    stranger = Client()
    stranger.force_login(staff_member("fremd"))
    assert stranger.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/api/v1/search?q=hund", "/api/v1/forms/sperrmuell_abholung/schema.json"]
)
def test_the_api_serves_public_catalogue_data_to_anyone(url: str) -> None:
    assert Client().get(url).status_code == 200


# --- the API for Fachverfahren: scope × authority -------------------------------------------


def _api_request(name: str, submission: Submission, token: str | None) -> Any:
    """Call one API operation on a submission with a token (or none)."""
    kwargs: dict[str, Any] = {"submission_id": submission.pk}
    if name == "api:submissions":
        kwargs = {}
    elif name == "api:attachment":
        kwargs["attachment_id"] = uuid.uuid4()
    url = reverse(name, kwargs=kwargs)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    client = Client()
    if name == "api:status":
        return client.post(
            url, {"status": "closed"}, content_type="application/json", headers=headers
        )
    if name == "api:decision":
        pdf = SimpleUploadedFile("Bescheid.pdf", pdf_bytes())
        return client.post(
            url, {"pdf": pdf, "subject": "Bescheid", "body": "Text"}, headers=headers
        )
    method = client.post if name == "api:acknowledge" else client.get
    return method(url, headers=headers)


def test_every_api_operation_is_in_the_scope_matrix() -> None:
    api_urls = {entry.key for entry in url_patterns() if access_of(entry) is Access.API}
    assert api_urls == set(API_SCOPES)


@pytest.mark.parametrize("scope", sorted(set(API_SCOPES.values())))
@pytest.mark.parametrize("name", API_SCOPES)
def test_an_api_client_reaches_only_its_scope_and_its_authority(
    world: World, name: str, scope: str
) -> None:
    _client, token = api_client_create(authority=world.a.authority, name="FV", scopes=[scope])
    before = {key: _state(side.submission) for key, side in (("a", world.a), ("b", world.b))}
    assert _api_request(name, world.a.submission, None).status_code == 401
    own = _api_request(name, world.a.submission, token)
    theirs = _api_request(name, world.b.submission, token)
    if scope != API_SCOPES[name]:
        assert (own.status_code, theirs.status_code) == (403, 403)
        assert _state(world.a.submission) == before["a"]
    else:
        # B's application is not found; A's is served (the attachment id is made up: 404,
        # and A's application was sent anonymously: no Postfach for a decision, 409)
        if name == "api:submissions":  # one list: A's applications only
            listed = [item["id"] for item in own.json()["items"]]
            assert listed == [str(world.a.submission.pk)]
        else:
            assert theirs.status_code == 404
        expected = {"api:attachment": 404, "api:decision": 409}.get(name, 200)
        assert own.status_code == expected, own.content
    assert _state(world.b.submission) == before["b"]
