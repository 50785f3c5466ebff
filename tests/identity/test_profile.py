"""Mein Konto: the login's data, the standing consent to once-only, and its history."""

from __future__ import annotations

import pytest
from django.test import Client

from rathaus.identity.models import ConsentScope, PrefillConsent
from tests.identity.people import citizen_client, citizen_create

pytestmark = pytest.mark.django_db


def test_without_a_login_the_account_page_leads_to_the_login() -> None:
    response = Client().get("/konto/")
    assert response.status_code == 302
    assert response["Location"] == "/anmelden/?next=%2Fkonto%2F"
    assert Client().post("/konto/einwilligung/", {"einwilligung": "ja"}).status_code == 302
    assert not PrefillConsent.objects.exists()


def test_the_account_page_shows_what_bundid_sent() -> None:
    client = citizen_client(citizen_create(), level="hoch")
    page = client.get("/konto/").content.decode()
    for expected in ("Maria Neumann", "Winter", "Thomas-Mann-Straße 3", "10409 Berlin", "hoch"):
        assert expected in page
    assert "Sie haben nicht für alle Anträge eingewilligt" in page


def test_consent_for_all_forms_is_given_and_withdrawn_as_new_records() -> None:
    citizen = citizen_create()
    client = citizen_client(citizen)
    client.post("/konto/einwilligung/", {"einwilligung": "ja"})
    page = client.get("/konto/?geaendert=1").content.decode()
    assert "Ihre Einwilligung ist gespeichert." in page and "Einwilligung widerrufen" in page
    client.post("/konto/einwilligung/", {"einwilligung": "nein"})
    decisions = list(
        PrefillConsent.objects.filter(citizen=citizen, scope=ConsentScope.ALWAYS)
        .order_by("pk")
        .values_list("granted", flat=True)
    )
    assert decisions == [True, False]
    page = client.get("/konto/").content.decode()
    assert "eingewilligt" in page and "widerrufen" in page


def test_a_repeated_or_garbled_consent_post_records_nothing_new() -> None:
    citizen = citizen_create()
    client = citizen_client(citizen)
    client.post("/konto/einwilligung/", {"einwilligung": "ja"})
    client.post("/konto/einwilligung/", {"einwilligung": "ja"})
    client.post("/konto/einwilligung/", {"einwilligung": "vielleicht"})
    assert PrefillConsent.objects.count() == 1


def test_one_person_never_sees_another_persons_data() -> None:
    citizen_create()
    other = citizen_create(bpk2="BUNDIDSIM-U02", given_name="Manfred", surname="Schmidt")
    page = citizen_client(other).get("/konto/").content.decode()
    assert "Manfred Schmidt" in page and "Neumann" not in page


def test_the_header_offers_login_or_the_account() -> None:
    anonymous = Client().get("/").content.decode()
    assert 'href="/anmelden/?next=/"' in anonymous and "Mein Konto" not in anonymous
    logged_in = citizen_client(citizen_create()).get("/").content.decode()
    assert 'href="/konto/"' in logged_in and "Abmelden" in logged_in
