"""The Zuständigkeitsfinder: readable rules, explicit rows only where a place differs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rathaus.authorities.models import Authority, AuthorityKind
from rathaus.catalog.models import Offering, OnlineStatus, ResponsibilityRule, Service
from rathaus.catalog.selectors import Finder, responsibility_for, services_for_topic
from rathaus.catalog.services import offering_set, rules_load
from rathaus.territory.models import Region
from tests.catalog.responsible import responsible

pytestmark = pytest.mark.django_db


def test_registration_matters_go_to_the_municipality() -> None:
    assert responsible("99115005104000", "06633009") == "Gemeindeverwaltung Fuldatal"
    assert responsible("99008001012004", "06534014") == "Stadtverwaltung Marburg"


def test_vehicle_registration_goes_to_the_kreis_or_the_kreisfreie_stadt() -> None:
    assert responsible("99036008007001", "06633009") == "Kreisverwaltung Landkreis Kassel"
    assert responsible("99036008007001", "06611000") == "Stadtverwaltung Kassel"


def test_a_kreisfreie_stadt_answers_for_municipal_services_too() -> None:
    assert responsible("99115005104000", "06412000") == "Stadtverwaltung Frankfurt am Main"


def test_federal_services_are_marked_as_federal() -> None:
    service = Service.objects.filter(typisierung="1").exclude(name__icontains="Kraftfahrzeug")[0]
    result = responsibility_for(service=service, municipality=Region.objects.get(ags="06611000"))
    assert result.level == "bund"
    assert result.authority is not None and result.authority.kind == AuthorityKind.BUNDESBEHOERDE


def test_an_explicit_row_for_one_town_overrides_the_rule_only_there() -> None:
    # Gießen is a Sonderstatusstadt with its own building authority (demo row)
    assert responsible("99012008001000", "06531005") == "Stadtverwaltung Gießen"
    assert responsible("99012008001000", "06531001") == "Kreisverwaltung Landkreis Gießen"


def test_a_land_wide_row_sets_online_status_and_link_for_every_municipality() -> None:
    service = Service.objects.get(leika_key="99107023017000")
    for ags in ("06611000", "06633009", "06431001"):
        result = responsibility_for(service=service, municipality=Region.objects.get(ags=ags))
        assert result.is_online
        assert result.maturity_v1 == 3
        assert result.application_url.startswith("https://")


def test_a_municipal_row_wins_over_a_land_row_field_by_field() -> None:
    service = Service.objects.get(leika_key="99107023017000")
    kassel = Region.objects.get(ags="06611000")
    offering_set(service=service, region=kassel, maturity_v2=5)
    result = responsibility_for(service=service, municipality=kassel)
    assert result.maturity_v2 == 5
    assert result.maturity_v1 == 3  # still from the Land row
    assert result.is_online


def test_a_rule_edited_in_the_admin_takes_effect_at_the_next_request() -> None:
    rule = ResponsibilityRule.objects.get(name="Fahrzeugzulassung und Fahrerlaubnis")
    rule.target_level = "gemeinde"
    rule.save()
    assert responsible("99036008007001", "06633009") == "Gemeindeverwaltung Fuldatal"


def test_rules_reload_updates_by_name_without_duplicates() -> None:
    before = ResponsibilityRule.objects.count()
    report = rules_load()
    assert not report.changed
    assert ResponsibilityRule.objects.count() == before


def test_responsibility_is_derived_not_stored_per_service_and_place() -> None:
    assert Offering.objects.count() < 50
    assert Authority.objects.count() < 500


def test_a_whole_municipality_page_resolves_with_a_fixed_number_of_queries() -> None:
    kassel = Region.objects.get(ags="06611000")
    services = list(services_for_topic(topic=None)[:200])
    with CaptureQueriesContext(connection) as queries:
        rows = Finder(municipality=kassel).resolve(services)
    assert len(rows) == 200
    assert len(queries) <= 6
    assert all(row.authority is not None for row in rows)


def test_online_status_defaults_to_offline_without_a_row() -> None:
    service = Service.objects.get(leika_key="99023001036000")  # Führerschein Ersatz
    result = responsibility_for(service=service, municipality=Region.objects.get(ags="06611000"))
    assert result.online_status == OnlineStatus.OFFLINE
