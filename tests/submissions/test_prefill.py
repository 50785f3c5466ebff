"""Once-only: login data fill a form only after the person agreed, and the answer is recorded."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from rathaus.forms.definition import FormDef
from rathaus.forms.models import FormVersion
from rathaus.forms.ownformat import form_from_text
from rathaus.identity.models import Citizen, ConsentScope, PrefillConsent
from rathaus.submissions.models import Draft
from rathaus.submissions.prefill import citizen_attributes, fim_key, prefill_apply, prefill_plan
from rathaus.submissions.selectors import draft_answers
from tests.identity.people import citizen_client, citizen_create

pytestmark = pytest.mark.django_db

JAGD = "/formulare/S07000000201/"
HUND = "/formulare/hundesteuer_anmeldung/"
OFFER = "Angaben aus Ihrem BundID-Konto übernehmen?"


def _definition(key: str) -> FormDef:
    version = FormVersion.objects.get(form__key=key, status="published")
    return FormDef.model_validate(version.definition)


def _answers(key: str) -> dict[str, Any]:
    draft = Draft.objects.get(form_version__form__key=key)
    return draft_answers(draft=draft)


def test_fim_ids_of_both_schema_versions_are_the_same_field() -> None:
    assert fim_key("F60000227") == fim_key("F60000000227") == "F60-227"
    assert fim_key("F00000013") == fim_key("F00000000013") == "F00-13"
    assert fim_key("not an id") == ""


@pytest.mark.parametrize(
    ("address", "street", "number"),
    [
        ("Thomas-Mann-Straße 3", "Thomas-Mann-Straße", "3"),
        ("Rankestr. 13", "Rankestr.", "13"),
        ("Elbinger Str. 15a", "Elbinger Str.", "15a"),
        ("Hauptstraße 5-7", "Hauptstraße", "5-7"),
        ("Straße des 17. Juni 100", "Straße des 17. Juni", "100"),
    ],
)
def test_street_and_house_number_are_split_for_fim_forms(
    address: str, street: str, number: str
) -> None:
    values = citizen_attributes(Citizen(postal_address=address, birthdate=""))
    assert (values["street"], values["house_number"]) == (street, number)


def test_an_address_without_a_number_is_not_split() -> None:
    values = citizen_attributes(Citizen(postal_address="Am Markt", birthdate=""))
    assert values["street_and_number"] == "Am Markt"
    assert "street" not in values and "house_number" not in values


def test_the_plan_for_a_fim_form_fills_the_applicant_only() -> None:
    plan = prefill_plan(_definition("S07000000201"), citizen_attributes(citizen_create()))
    shown = {item.label.de: item.shown.de for item in plan}
    assert shown["Familienname"] == "Neumann" and shown["Vornamen"] == "Maria"
    assert (shown["Tag"], shown["Monat"], shown["Jahr"]) == ("12", "8", "1964")
    assert shown["Wo befindet sich die Anschrift?"] == "in Deutschland"
    assert (shown["Straße"], shown["Hausnummer"], shown["Postleitzahl"]) == (
        "Thomas-Mann-Straße",
        "3",
        "10409",
    )
    assert len({item.path for item in plan}) == len(plan)


def test_a_form_asking_for_several_people_fills_each_attribute_once() -> None:
    plan = prefill_plan(_definition("S00000186"), citizen_attributes(citizen_create()))
    attributes = [item.attribute for item in plan]
    assert attributes.count("surname") == 1 and attributes.count("postal_code") == 1


def test_fields_inside_repeated_groups_and_unfitting_types_are_left_alone() -> None:
    form = form_from_text(
        """
format: rathaus-form/1
id: test_prefill
title: Test
pages:
  - id: eins
    title: Eins
    elements:
      - id: kinder
        label: Kinder
        max_items: 5
        children:
          - id: kind_name
            label: Name
            prefill: surname
      - id: alter
        label: Alter
        type: integer
        prefill: surname
      - id: name
        label: Name
        prefill: surname
"""
    )
    plan = prefill_plan(form, citizen_attributes(citizen_create()))
    assert [item.path for item in plan] == [("name",)]


def test_prefill_never_overwrites_an_answer() -> None:
    plan = prefill_plan(_definition("hundesteuer_anmeldung"), citizen_attributes(citizen_create()))
    answers = prefill_apply({"familienname": "Schulze", "anschrift": {"plz": "34117"}}, plan)
    assert answers["familienname"] == "Schulze" and answers["vorname"] == "Maria"
    assert answers["anschrift"] == {
        "plz": "34117",
        "strasse": "Thomas-Mann-Straße 3",
        "ort": "Berlin",
    }


def test_the_offer_shows_the_values_and_changes_nothing_until_answered() -> None:
    client = citizen_client(citizen_create())
    page = client.get(HUND).content.decode()
    assert OFFER in page
    assert "Neumann" in page and "Thomas-Mann-Straße 3" in page and "12.08.1964" in page
    assert not Draft.objects.exists() and not PrefillConsent.objects.exists()


def test_yes_fills_the_form_and_records_the_consent_for_this_form() -> None:
    citizen = citizen_create()
    client = citizen_client(citizen)
    response = client.post(f"{HUND}uebernehmen/", {"uebernehmen": "ja"})
    assert response.status_code == 302 and response["Location"] == f"{HUND}seite/halter/"
    answers = _answers("hundesteuer_anmeldung")
    assert (answers["vorname"], answers["familienname"], answers["geburtsdatum"]) == (
        "Maria",
        "Neumann",
        "1964-08-12",
    )
    consent = PrefillConsent.objects.get()
    assert (consent.scope, consent.form_key, consent.granted) == (
        ConsentScope.FORM,
        "hundesteuer_anmeldung",
        True,
    )
    assert "surname" in consent.attributes
    page = client.get(f"{HUND}seite/halter/").content.decode()
    assert 'value="Neumann"' in page  # shown in the field, where the person can change it
    assert OFFER not in client.get(HUND).content.decode()


def test_no_fills_nothing_and_is_recorded_too() -> None:
    client = citizen_client(citizen_create())
    client.post(f"{HUND}uebernehmen/", {"uebernehmen": "nein"})
    assert not Draft.objects.exists()
    assert PrefillConsent.objects.get().granted is False
    assert OFFER not in client.get(HUND).content.decode()


def test_a_double_click_records_one_decision() -> None:
    client = citizen_client(citizen_create())
    client.post(f"{HUND}uebernehmen/", {"uebernehmen": "ja"})
    second = client.post(f"{HUND}uebernehmen/", {"uebernehmen": "ja"})
    assert second.status_code == 302
    assert PrefillConsent.objects.count() == 1


def test_remembering_the_consent_covers_the_next_form_which_still_shows_the_values() -> None:
    citizen = citizen_create()
    client = citizen_client(citizen)
    client.post(f"{HUND}uebernehmen/", {"uebernehmen": "ja", "merken": "ja"})
    assert PrefillConsent.objects.filter(scope=ConsentScope.ALWAYS, granted=True).count() == 1
    page = client.get(JAGD).content.decode()
    assert "Sie haben eingewilligt" in page and "Neumann" in page
    assert 'name="merken"' not in page


def test_without_a_login_there_is_no_offer_and_a_forged_post_records_nothing() -> None:
    client = Client()
    assert OFFER not in client.get(HUND).content.decode()
    response = client.post(f"{HUND}uebernehmen/", {"uebernehmen": "ja"})
    assert response.status_code == 302
    assert not PrefillConsent.objects.exists() and not Draft.objects.exists()
