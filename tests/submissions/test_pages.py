"""The citizen fills in a form page by page, checks the answers, and bad input is caught."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.submissions.files import pdf_bytes

pytestmark = pytest.mark.django_db

START = "/formulare/hundesteuer_anmeldung/"
HALTER = START + "seite/halter/"
HUNDE = START + "seite/hunde/"
BEFREIUNG = START + "seite/befreiung/"
CHECK = START + "pruefen/"
GOOD_HALTER = {
    "vorname": "Erika",
    "familienname": "Mustermann",
    "geburtsdatum.tag": "12",
    "geburtsdatum.monat": "8",
    "geburtsdatum.jahr": "1980",
    "anschrift.strasse": "Hauptstr. 1",
    "anschrift.plz": "34117",
    "anschrift.ort": "Kassel",
}
GOOD_HUND = {
    "hund.anzahl": "1",
    "hund[0].hund_name": "Bello",
    "hund[0].rasse": "Dackel",
    "hund[0].gehalten_seit.tag": "1",
    "hund[0].gehalten_seit.monat": "3",
    "hund[0].gehalten_seit.jahr": "2024",
    "hund[0].listenhund": "nein",
}


def _html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_the_service_page_offers_the_built_in_form(client: Client) -> None:
    html = _html(client.get("/leistungen/99102013002000/"))
    assert f'href="{START}"' in html and "Online beantragen" in html


def test_the_start_page_lists_the_steps(client: Client) -> None:
    html = _html(client.get(START))
    assert "Hund zur Hundesteuer anmelden" in html
    assert html.count('class="kern-task-list__item"') == 3
    assert "Jetzt beginnen" in html


def test_a_whole_form_is_filled_in_and_checked(client: Client) -> None:
    assert client.post(HALTER, GOOD_HALTER)["Location"] == HUNDE
    assert client.post(HUNDE, GOOD_HUND)["Location"] == BEFREIUNG
    assert client.post(BEFREIUNG, {"befreiung_beantragt": "nein"})["Location"] == CHECK
    html = _html(client.get(CHECK))
    assert "Erika" in html and "12.08.1980" in html and "Dackel" in html
    assert "Ihre Angaben sind vollständig" in html
    assert f'href="{HALTER}#f-vorname"' in html  # "Ändern" goes back to the field


def test_missing_answers_get_an_error_summary_linked_to_the_first_input(client: Client) -> None:
    response = client.post(HALTER, {**GOOD_HALTER, "vorname": "", "geburtsdatum.tag": ""})
    html = _html(response)
    assert response.status_code == 200
    assert "<title>Fehler:" in html and "Es gibt ein Problem" in html
    assert 'href="#f-vorname">Geben Sie „Vorname“ an' in html
    assert 'href="#f-geburtsdatum-tag"' in html
    assert 'aria-invalid="true"' in html


def test_a_wrong_type_and_a_too_long_text_are_refused_clearly(client: Client) -> None:
    html = _html(
        client.post(HALTER, {**GOOD_HALTER, "vorname": "x" * 61, "anschrift.plz": "ABCDE"})
    )
    assert "höchstens 60 Zeichen" in html
    assert re.search(r'href="#f-anschrift-plz">[^<]+', html)


def test_an_impossible_date_is_refused(client: Client) -> None:
    html = _html(
        client.post(HALTER, {**GOOD_HALTER, "geburtsdatum.tag": "31", "geburtsdatum.monat": "2"})
    )
    assert 'href="#f-geburtsdatum-tag"' in html


def test_a_cross_field_check_shows_its_message(client: Client) -> None:
    html = _html(client.post(HALTER, {**GOOD_HALTER, "geburtsdatum.jahr": "2020"}))
    assert "mindestens 18 Jahre alt" in html


def test_repeatable_groups_are_added_and_removed_without_javascript(client: Client) -> None:
    response = client.post(HUNDE, {**GOOD_HUND, "_hinzufuegen": "hund"})
    assert response.status_code == 302
    html = _html(client.get(HUNDE))
    assert html.count("Name des Hundes") == 2 and "Hund 2 entfernen" in html
    client.post(
        HUNDE,
        {**GOOD_HUND, "hund.anzahl": "2", "hund[1].hund_name": "Fiffi", "_entfernen": "hund[0]"},
    )
    html = _html(client.get(HUNDE))
    assert html.count("Name des Hundes") == 1 and 'value="Fiffi"' in html


def test_more_instances_than_allowed_cannot_be_posted(client: Client) -> None:
    client.post(HUNDE, {**GOOD_HUND, "hund.anzahl": "999"})
    html = _html(client.get(HUNDE))
    assert html.count("Name des Hundes") <= 5


def test_answers_to_questions_hidden_by_a_rule_are_dropped_with_a_notice(client: Client) -> None:
    response = client.post(
        BEFREIUNG, {"befreiung_beantragt": "nein", "befreiung_grund": "tierheim"}
    )
    assert response.status_code == 200
    assert "nicht mehr gestellt werden" in _html(response)
    check = _html(client.get(CHECK))
    assert "Tierheim" not in check


def test_a_shown_conditional_question_becomes_required(client: Client) -> None:
    client.post(BEFREIUNG, {"befreiung_beantragt": "ja"})
    html = _html(client.post(BEFREIUNG, {"befreiung_beantragt": "ja"}))
    assert 'href="#f-befreiung_grund-1"' in html


def test_an_upload_is_kept_as_name_size_and_checksum(client: Client) -> None:
    upload = SimpleUploadedFile("bescheid.pdf", pdf_bytes(), "application/pdf")
    client.post(
        BEFREIUNG, {"befreiung_beantragt": "ja", "befreiung_grund": "tierheim", "nachweis": upload}
    )
    assert "bescheid.pdf" in _html(client.get(CHECK))


def test_unknown_forms_and_pages_are_404(client: Client) -> None:
    assert client.get("/formulare/gibt_es_nicht/").status_code == 404
    assert client.get(START + "seite/gibt_es_nicht/").status_code == 404
    assert client.get("/formulare/" + "x" * 500 + "/").status_code == 404


def test_a_draft_only_form_is_not_offered(client: Client) -> None:
    from rathaus.forms.models import Form

    Form.objects.create(key="nur_entwurf", title="Nur Entwurf")
    assert client.get("/formulare/nur_entwurf/").status_code == 404


def test_every_page_of_a_real_fim_form_renders(client: Client) -> None:
    start = _html(client.get("/formulare/S00000186/"))
    pages = re.findall(r'href="(/formulare/S00000186/seite/[^"]+/)"', start)
    assert len(pages) >= 3
    for url in dict.fromkeys(pages):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<h1" in _html(response)


def test_another_browser_does_not_see_my_answers(client: Client) -> None:
    client.post(HALTER, GOOD_HALTER)
    other = Client()
    assert "Erika" not in _html(other.get(HALTER))


def test_each_page_says_when_the_session_ends_and_offers_to_extend_it(client: Client) -> None:
    html = _html(client.get(HALTER))
    assert "Ihre Sitzung endet um" in html and "Sitzung verlängern" in html
    response = client.post("/formulare/sitzung/verlaengern/", {"next": HALTER})
    assert response.status_code == 302 and response["Location"] == HALTER


def test_extending_the_session_never_redirects_elsewhere(client: Client) -> None:
    response = client.post("/formulare/sitzung/verlaengern/", {"next": "https://boese.example/"})
    assert response["Location"] == "/"
    assert client.get("/formulare/sitzung/verlaengern/").status_code == 405


def test_answers_are_stored_encrypted(client: Client) -> None:
    from rathaus.submissions.models import Draft

    client.post(HALTER, GOOD_HALTER)
    draft = Draft.objects.latest("created_at")
    raw = b"".join(
        bytes(getattr(draft, f.attname) or b"")
        for f in Draft._meta.fields
        if f.get_internal_type() == "BinaryField"
    )
    assert raw and b"Mustermann" not in raw and b"Erika" not in raw


def test_save_and_continue_later_by_email_link(client: Client, smtp_server: Any) -> None:
    response = client.post(HALTER, {**GOOD_HALTER, "vorname": "", "_spaeter": "1"})
    assert response["Location"] == START + "spaeter/"
    html = _html(client.post(START + "spaeter/", {"email": "erika@example.org"}))
    assert "Wir haben Ihnen einen Link geschickt" in html
    body = smtp_server.messages[-1].get_payload(decode=True).decode()
    link = re.search(r"http://testserver(/formulare/fortsetzen/[^/\s]+/)", body)
    assert link is not None
    elsewhere = Client()  # another device
    assert elsewhere.get(link.group(1))["Location"] == START
    assert 'value="Mustermann"' in _html(elsewhere.get(HALTER))
    again = Client().get(link.group(1))
    assert again.status_code == 410 and "nicht mehr gültig" in _html(again)


def test_a_bad_email_address_is_refused_in_german(client: Client) -> None:
    client.post(HALTER, GOOD_HALTER)
    html = _html(client.post(START + "spaeter/", {"email": "kein-at-zeichen"}))
    assert "<title>Fehler:" in html and "im richtigen Format" in html


def test_someone_elses_draft_is_not_found(client: Client) -> None:
    from rathaus.submissions.models import Draft

    client.post(HALTER, GOOD_HALTER)
    draft = Draft.objects.latest("created_at")
    assert client.get(f"/formulare/entwurf/{draft.pk}/")["Location"] == START
    assert Client().get(f"/formulare/entwurf/{draft.pk}/").status_code == 404
    assert Client().get("/formulare/entwurf/nicht-einmal-eine-uuid/").status_code == 404


def test_a_logged_in_person_continues_the_draft_in_another_browser(client: Client) -> None:
    from django.contrib.auth.models import User

    from rathaus.submissions.models import Draft

    person = User.objects.create_user("erika", password="ein-langes-passwort-123")
    client.force_login(person)
    client.post(HALTER, GOOD_HALTER)
    draft = Draft.objects.get(owner_user=person)
    laptop = Client()
    laptop.force_login(person)
    assert laptop.get(f"/formulare/entwurf/{draft.pk}/")["Location"] == START
    assert 'value="Mustermann"' in _html(laptop.get(HALTER))
    stranger = Client()
    stranger.force_login(User.objects.create_user("max", password="noch-ein-passwort-456"))
    assert stranger.get(f"/formulare/entwurf/{draft.pk}/").status_code == 404
