"""The organisation pages: list, create, detail, acting for one; login required."""

from __future__ import annotations

import pytest
from django.test import Client
from lxml import html

from rathaus.identity.models import Organisation, OrganisationMembership
from rathaus.identity.organisations.models import Role
from rathaus.identity.organisations.selectors import SESSION_ACTING
from tests.identity.organisations import business, citizen, detail_url, join, logged_in

pytestmark = pytest.mark.django_db

MINE = "/organisationen/"
CREATE = "/organisationen/neu/"
SWITCH = "/organisationen/handeln/"


def _text(response: object) -> str:
    return " ".join(html.fromstring(response.content).text_content().split())  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", [MINE, CREATE, "/organisationen/1/"])
def test_anonymous_visitors_are_sent_to_the_login_and_back(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/anmelden/?next={path}"


def test_my_organisations_says_when_there_are_none_and_offers_to_create_one() -> None:
    page = logged_in(citizen()).get(MINE)
    assert page.status_code == 200
    text = _text(page)
    assert "Sie gehören noch keiner Organisation an" in text
    assert html.fromstring(page.content).xpath(f'//a[@href="{CREATE}"]')


def test_creating_a_business_shows_its_page_with_me_as_owner() -> None:
    erika = citizen()
    client = logged_in(erika)
    response = client.post(
        CREATE,
        {
            "name": "Mustermann Tischlerei GmbH",
            "kind": "business",
            "street": "Musterweg 1",
            "postal_code": "34117",
            "locality": "Kassel",
            "register_entry": "HRB 12345, Amtsgericht Kassel",
            "tax_number": "DE123456789",
        },
    )
    organisation = Organisation.objects.get(name="Mustermann Tischlerei GmbH")
    assert response.status_code == 302 and response["Location"] == detail_url(organisation)
    page = client.get(detail_url(organisation))
    text = _text(page)
    assert "ist angelegt" in text
    assert "Musterweg 1, 34117 Kassel" in text and "HRB 12345, Amtsgericht Kassel" in text
    assert "Erika Mustermann (Sie)" in text and "Person einladen" in text
    listing = _text(client.get(MINE))
    assert "Mustermann Tischlerei GmbH" in listing and "Inhaber/Verwaltung" in listing


def test_a_create_form_with_mistakes_lists_them_and_keeps_what_was_typed() -> None:
    client = logged_in(citizen())
    response = client.post(CREATE, {"name": "", "postal_code": "3411", "tax_number": "<b>"})
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    assert tree.findtext(".//title").startswith("Fehler:")
    summary = tree.get_element_by_id("fehlerliste")
    links = {a.get("href"): a.text_content() for a in summary.iter("a")}
    assert links["#id_name"] == "Geben Sie den Namen der Organisation an"
    assert links["#id_kind_0"].startswith("Wählen Sie aus, welche Art")
    assert "5 Ziffern" in links["#id_postal_code"]
    assert "#id_tax_number" in links
    assert tree.get_element_by_id("id_postal_code").get("value") == "3411"
    assert not Organisation.objects.exists()


def test_a_citizen_cannot_create_a_municipality_by_tampering_with_the_kind() -> None:
    client = logged_in(citizen())
    response = client.post(CREATE, {"name": "Stadt Kassel", "kind": "municipality"})
    assert response.status_code == 200
    assert "Gemeinden richtet das Land ein" in _text(response)
    assert not Organisation.objects.exists()


def test_someone_elses_organisation_is_not_found() -> None:
    organisation = business(citizen())
    client = logged_in(citizen("Eva", "Fremd"))
    for path in [
        detail_url(organisation),
        f"{detail_url(organisation)}mitglieder/1/entfernen/",
        "/organisationen/99999999999999999999/",
    ]:
        assert client.get(path).status_code == 404, path
    assert client.post(f"{detail_url(organisation)}einladen/", {}).status_code == 404
    assert client.post(SWITCH, {"organisation": str(organisation.pk)}).status_code == 404
    for forged in ["abc", "²", "9" * 30, "-1"]:
        assert client.post(SWITCH, {"organisation": forged}).status_code == 404
    assert SESSION_ACTING not in client.session


def test_a_member_of_another_organisation_cannot_be_reached_through_mine() -> None:
    erika = citizen()
    mine, theirs = business(erika), business(citizen("Eva", "Fremd"), name="Fremd AG")
    stranger = OrganisationMembership.objects.get(organisation=theirs)
    client = logged_in(erika)
    url = f"{detail_url(mine)}mitglieder/{stranger.pk}/rolle/"
    assert client.post(url, {"role": "reader"}).status_code == 404
    assert OrganisationMembership.objects.get(pk=stranger.pk).role == Role.OWNER


@pytest.mark.parametrize("role", [Role.MEMBER, Role.READER])
def test_members_and_readers_get_a_clear_403_for_owner_actions(role: Role) -> None:
    erika, max_ = citizen(), citizen("Max", "Beispiel")
    organisation = business(erika)
    join(organisation, max_, role)
    owner = OrganisationMembership.objects.get(user=erika)
    client = logged_in(max_)
    base = detail_url(organisation)
    attempts = [
        client.post(
            f"{base}einladen/", {"einladung-email": "x@beispiel.test", "einladung-role": "owner"}
        ),
        client.post(f"{base}mitglieder/{owner.pk}/rolle/", {"role": "reader"}),
        client.get(f"{base}mitglieder/{owner.pk}/entfernen/"),
        client.post(f"{base}mitglieder/{owner.pk}/entfernen/"),
        client.post(f"{base}einladungen/00000000-0000-0000-0000-000000000000/zurueckziehen/"),
    ]
    for response in attempts:
        assert response.status_code == 403
        assert "Inhaber/Verwaltung" in _text(response) and "nichts geändert" in _text(response)
    assert OrganisationMembership.objects.get(pk=owner.pk).role == Role.OWNER
    assert not organisation.invitations.exists()
    page = _text(client.get(base))
    assert "Person einladen" not in page and "Rolle ändern" not in page


def test_a_tampered_role_value_changes_nothing() -> None:
    erika, max_ = citizen(), citizen("Max", "Beispiel")
    organisation = business(erika)
    member = join(organisation, max_, Role.READER)
    client = logged_in(erika)
    base = detail_url(organisation)
    response = client.post(f"{base}mitglieder/{member.pk}/rolle/", {"role": "superuser"})
    assert response.status_code == 400
    assert "Wählen Sie eine der angebotenen Rollen aus" in _text(response)
    assert OrganisationMembership.objects.get(pk=member.pk).role == Role.READER
    response = client.post(
        f"{base}einladen/", {"einladung-email": "x@beispiel.test", "einladung-role": "god"}
    )
    assert response.status_code == 200
    assert "Wählen Sie eine der angebotenen Rollen aus" in _text(response)
    assert not organisation.invitations.exists()


def test_the_last_owner_is_told_why_they_cannot_step_down_or_leave() -> None:
    erika = citizen()
    organisation = business(erika)
    own = OrganisationMembership.objects.get(user=erika)
    client = logged_in(erika)
    base = detail_url(organisation)
    for response in [
        client.post(f"{base}mitglieder/{own.pk}/rolle/", {"role": "member"}),
        client.post(f"{base}mitglieder/{own.pk}/entfernen/"),
    ]:
        assert response.status_code == 409
        tree = html.fromstring(response.content)
        assert tree.findtext(".//title").startswith("Fehler:")
        assert "mindestens eine Person" in tree.get_element_by_id("fehlerliste").text_content()
    assert OrganisationMembership.objects.get(pk=own.pk).role == Role.OWNER


def test_an_owner_changes_a_role_and_removes_a_member_after_confirming() -> None:
    erika, max_ = citizen(), citizen("Max", "Beispiel")
    organisation = business(erika)
    member = join(organisation, max_, Role.READER)
    client = logged_in(erika)
    base = detail_url(organisation)
    assert (
        client.post(f"{base}mitglieder/{member.pk}/rolle/", {"role": "member"}).status_code == 302
    )
    assert "Max Beispiel hat jetzt die Rolle „Mitglied“" in _text(client.get(base))
    confirm = client.get(f"{base}mitglieder/{member.pk}/entfernen/")
    assert "Max Beispiel entfernen?" in _text(confirm)
    assert OrganisationMembership.objects.filter(pk=member.pk).exists()  # a GET changes nothing
    assert client.post(f"{base}mitglieder/{member.pk}/entfernen/").status_code == 302
    assert not OrganisationMembership.objects.filter(pk=member.pk).exists()


def test_a_member_leaves_on_their_own() -> None:
    erika, max_ = citizen(), citizen("Max", "Beispiel")
    organisation = business(erika)
    member = join(organisation, max_, Role.MEMBER)
    client = logged_in(max_)
    response = client.post(f"{detail_url(organisation)}mitglieder/{member.pk}/entfernen/")
    assert response["Location"] == MINE
    assert "nicht mehr an" in _text(client.get(MINE))
    assert client.get(detail_url(organisation)).status_code == 404


def test_an_invitation_to_a_member_address_is_explained_on_the_page() -> None:
    erika = citizen(email="erika@tischlerei.test")
    organisation = business(erika)
    response = logged_in(erika).post(
        f"{detail_url(organisation)}einladen/",
        {"einladung-email": "Erika@Tischlerei.test", "einladung-role": "member"},
    )
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    summary = tree.get_element_by_id("fehlerliste").text_content()
    assert "schon ein Mitglied der Organisation" in summary
    assert tree.get_element_by_id("id_einladung-email").get("aria-invalid") == "true"
    assert not organisation.invitations.exists()


def test_owners_see_and_revoke_open_invitations() -> None:
    erika = citizen()
    organisation = business(erika)
    client = logged_in(erika)
    base = detail_url(organisation)
    client.post(
        f"{base}einladen/", {"einladung-email": "max@beispiel.test", "einladung-role": "reader"}
    )
    invitation = organisation.invitations.get()
    page = _text(client.get(base))
    assert "max@beispiel.test" in page and "Lesen" in page
    client.post(f"{base}einladungen/{invitation.pk}/zurueckziehen/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "ist zurückgezogen" in _text(client.get(base))
    again = client.post(f"{base}einladungen/{invitation.pk}/zurueckziehen/")
    assert again.status_code == 302
    assert "schon angenommen oder zurückgezogen" in _text(client.get(base))
    assert client.post(f"{base}einladungen/kein-uuid/zurueckziehen/").status_code == 404


def test_acting_for_an_organisation_shows_in_the_header_and_ends_on_request() -> None:
    erika = citizen()
    organisation = business(erika)
    client = logged_in(erika)
    response = client.post(SWITCH, {"organisation": str(organisation.pk), "next": "/"})
    assert response["Location"] == "/"
    assert client.session[SESSION_ACTING] == organisation.pk
    header = html.fromstring(client.get("/").content).find(".//header")
    assert "Sie handeln für: Mustermann Tischlerei GmbH" in " ".join(header.text_content().split())
    client.post(SWITCH, {"organisation": "", "next": "https://anderswo.example/"})
    assert SESSION_ACTING not in client.session
    assert "Sie handeln für" not in _text(client.get("/"))


def test_a_reader_cannot_act_and_a_removed_member_silently_stops_acting() -> None:
    erika, max_, lena = citizen(), citizen("Max", "Beispiel"), citizen("Lena", "Muster")
    organisation = business(erika)
    join(organisation, lena, Role.READER)
    reader = logged_in(lena)
    response = reader.post(SWITCH, {"organisation": str(organisation.pk)})
    assert response.status_code == 403 and "Lesen" in _text(response)
    assert SESSION_ACTING not in reader.session

    member = join(organisation, max_, Role.MEMBER)
    client = logged_in(max_)
    client.post(SWITCH, {"organisation": str(organisation.pk)})
    assert "Sie handeln für" in _text(client.get(MINE))
    member.delete()
    page = client.get(MINE)
    assert page.status_code == 200 and "Sie handeln für" not in _text(page)
    assert SESSION_ACTING not in client.session


def test_the_pages_speak_english_too() -> None:
    client = logged_in(citizen())
    client.cookies["django_language"] = "en"
    assert "My organisations" in _text(client.get(MINE))
    assert "Create an organisation" in _text(client.get(CREATE))
