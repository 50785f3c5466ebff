"""Admin pages: a look at a citizen is recorded; the trail itself is for superusers, read-only."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from lxml import html as lxml_html

from rathaus.audit.admin_mixin import AuditedModelAdmin
from rathaus.audit.models import ActorKind, AuditAction, AuditEntry
from rathaus.audit.services import Actor, audit_record
from rathaus.authorities.models import Authority
from rathaus.authorities.services import staff_membership_grant
from rathaus.identity.models import Citizen, PrefillConsent
from tests.identity.people import citizen_create
from tests.staff import staff_client
from tests.submissions.journey import send

pytestmark = pytest.mark.usefixtures("empty_trail")

CITIZENS = "/verwaltung/identity/citizen/"
TRAIL = "/verwaltung/audit/auditentry/"


@pytest.fixture
def citizen() -> Citizen:
    return citizen_create()


def test_opening_a_citizen_records_who_read_it(admin_client: Client, citizen: Citizen) -> None:
    response = admin_client.get(f"{CITIZENS}{citizen.pk}/change/")
    assert response.status_code == 200
    assert "Neumann" in response.content.decode()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_type, entry.object_id) == (
        AuditAction.READ,
        "identity.Citizen",
        str(citizen.pk),
    )
    assert (entry.actor, entry.actor_kind) == ("admin", ActorKind.USER)
    assert entry.actor_user_id == User.objects.get(username="admin").pk
    assert entry.details == {"view": "change"}
    assert "Neumann" not in str(entry.details) + entry.reason  # names, never values


def test_the_list_records_which_citizens_were_shown(admin_client: Client, citizen: Citizen) -> None:
    other = citizen_create("BUNDIDSIM-U02", given_name="Jonas", surname="Weber")
    assert admin_client.get(CITIZENS).status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.READ and entry.object_id == ""
    assert entry.details["view"] == "list"
    assert set(entry.details["ids"]) >= {str(citizen.pk), str(other.pk)}


def test_the_search_term_is_not_recorded(admin_client: Client, citizen: Citizen) -> None:
    admin_client.get(CITIZENS, {"q": "Neumann"})
    entry = AuditEntry.objects.get()
    assert entry.details == {"view": "list", "ids": [str(citizen.pk)]}


def test_the_history_and_delete_pages_are_reads(admin_client: Client, citizen: Citizen) -> None:
    assert admin_client.get(f"{CITIZENS}{citizen.pk}/history/").status_code == 200
    assert admin_client.get(f"{CITIZENS}{citizen.pk}/delete/").status_code == 200
    views = [e.details["view"] for e in AuditEntry.objects.order_by("sequence")]
    assert views == ["history", "delete"]


def test_deleting_a_citizen_is_recorded_with_the_deletion(
    admin_client: Client, citizen: Citizen
) -> None:
    response = admin_client.post(f"{CITIZENS}{citizen.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Citizen.objects.filter(pk=citizen.pk).exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id) == (AuditAction.DELETE, str(citizen.pk))


def test_deleting_several_from_the_list_records_each(
    admin_client: Client, citizen: Citizen
) -> None:
    other = citizen_create("BUNDIDSIM-U02")
    ids = [str(citizen.pk), str(other.pk)]
    response = admin_client.post(
        CITIZENS, {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert response.status_code == 302
    deleted = AuditEntry.objects.filter(action=AuditAction.DELETE)
    assert sorted(deleted.values_list("object_id", flat=True)) == sorted(ids)
    assert not Citizen.objects.filter(pk__in=ids).exists()


def test_a_missing_citizen_records_nothing(admin_client: Client) -> None:
    response = admin_client.get(f"{CITIZENS}999999/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert not AuditEntry.objects.exists()


def test_a_save_records_the_changed_field_names_not_their_values(admin_client: Client) -> None:
    """The mixin on an editable admin (users here, with three fields)."""

    class AuditedUserAdmin(AuditedModelAdmin[User]):
        fields = ["username", "first_name", "last_name"]

    user = User.objects.create(username="sachbearbeitung", first_name="Alt")
    request = admin_client.get("/verwaltung/").wsgi_request
    model_admin = AuditedUserAdmin(User, admin.site)
    form_class = model_admin.get_form(request, user, change=True)
    form = form_class(
        {"username": "sachbearbeitung", "first_name": "Neu", "last_name": ""}, instance=user
    )
    assert form.is_valid(), form.errors
    model_admin.save_model(request, model_admin.save_form(request, form, True), form, True)
    model_admin.save_related(request, form, [], change=True)
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.CHANGE
    assert entry.details == {"fields": ["first_name"]}
    user.refresh_from_db()
    unchanged = form_class(
        {"username": "sachbearbeitung", "first_name": "Neu", "last_name": ""}, instance=user
    )
    assert unchanged.is_valid() and unchanged.changed_data == []
    model_admin.save_form(request, unchanged, True)
    model_admin.save_related(request, unchanged, [], change=True)
    assert AuditEntry.objects.count() == 1  # saving without a change records nothing


def test_superusers_see_the_trail_read_only(admin_client: Client) -> None:
    audit_record(
        actor=Actor.system(), action=AuditAction.DELETE, obj_type="submissions.Draft", obj_id="d1"
    )
    page = admin_client.get(TRAIL, {"action__exact": "delete", "q": "d1"})
    assert page.status_code == 200
    assert "submissions.Draft" in page.content.decode()
    document = lxml_html.fromstring(page.content)
    assert not document.xpath(f"//a[@href='{TRAIL}add/']")
    assert not document.xpath("//select[@name='action']")  # no bulk delete
    assert document.xpath("//script[not(@src)] | //style | //*[@style]") == []  # CSP
    assert admin_client.get(f"{TRAIL}add/").status_code == 403
    entry = AuditEntry.objects.get()
    view = admin_client.get(f"{TRAIL}{entry.pk}/change/")
    assert view.status_code == 200 and entry.entry_hash in view.content.decode()
    assert b'type="submit"' not in view.content.split(b'id="content"')[1]  # nothing to save
    assert admin_client.post(f"{TRAIL}{entry.pk}/change/", {"reason": "x"}).status_code == 403
    assert admin_client.post(f"{TRAIL}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.get().reason == ""


def test_the_search_finds_by_object_id_and_actor_exactly(admin_client: Client) -> None:
    for name, obj_id in [("anna", "17"), ("bernd", "170")]:
        audit_record(
            actor=Actor(ActorKind.USER, name, None),
            action=AuditAction.READ,
            obj_type="t.T",
            obj_id=obj_id,
        )
    by_id = admin_client.get(TRAIL, {"q": "17"}).context["cl"].result_list
    assert [e.actor for e in by_id] == ["anna"]
    by_actor = admin_client.get(TRAIL, {"q": "bernd"}).context["cl"].result_list
    assert [e.object_id for e in by_actor] == ["170"]


def test_staff_who_are_not_superusers_do_not_see_the_trail() -> None:
    client = staff_client(User.objects.get(username="redaktion"))
    assert client.get(TRAIL).status_code == 403
    assert TRAIL not in client.get("/verwaltung/").content.decode()


def test_inline_rows_saved_with_their_parent_are_named_by_id(admin_client: Client) -> None:
    class ConsentInline(admin.TabularInline[PrefillConsent, Citizen]):
        model = PrefillConsent
        fields = ["scope", "granted"]
        extra = 1

    class AuditedCitizenAdmin(AuditedModelAdmin[Citizen]):
        fields = ["locality"]
        inlines = [ConsentInline]

    citizen = citizen_create()
    model_admin = AuditedCitizenAdmin(Citizen, admin.site)
    prefix = "consents"
    data = {
        "locality": "Kassel",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-scope": "always",
        f"{prefix}-0-granted": "on",
    }
    request = RequestFactory().post("/", data)
    request.user = User.objects.get(username="admin")
    form = model_admin.get_form(request, citizen, change=True)(data, instance=citizen)
    assert form.is_valid(), form.errors
    formsets, _ = model_admin._create_formsets(request, form.instance, change=True)
    assert all(formset.is_valid() for formset in formsets)
    model_admin.save_model(request, model_admin.save_form(request, form, True), form, True)
    model_admin.save_related(request, form, formsets, True)
    consent = PrefillConsent.objects.get(citizen=citizen)
    entry = AuditEntry.objects.get()
    added = {"model": "identity.PrefillConsent", "added": [str(consent.pk)], "changed": {}}
    assert entry.details == {"fields": ["locality"], "inlines": [{**added, "deleted": 0}]}
    assert "Kassel" not in str(entry.details)


def test_a_caseworker_reading_an_application_is_recorded_with_its_authority(
    admin_client: Client,
) -> None:
    submission = send(Client())
    kassel = Authority.objects.get(pk=submission.authority_id)
    caseworker = User.objects.create_user("sachbearbeitung-kassel", is_staff=True)
    staff_membership_grant(user=caseworker, authority=kassel, role="caseworker")
    page = staff_client(caseworker).get(
        f"/verwaltung/submissions/submission/{submission.pk}/change/"
    )
    assert page.status_code == 200
    entry = AuditEntry.objects.get(object_type="submissions.Submission")
    assert (entry.action, entry.object_id, entry.authority_id, entry.actor) == (
        AuditAction.READ,
        str(submission.pk),
        kassel.pk,
        "sachbearbeitung-kassel",
    )
