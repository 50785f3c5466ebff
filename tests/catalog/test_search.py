"""The citizen search finds services in citizens' words, on the real catalogue."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from rathaus.catalog.models import Service
from rathaus.catalog.search.index import search_index_invalidate, search_services

pytestmark = pytest.mark.django_db


def top_names(query: str, count: int = 3) -> list[str]:
    return [hit.name for hit in search_services(query, limit=count)]


def test_folded_umlauts_find_the_same_service_as_umlauts() -> None:
    assert top_names("fuehrerschein", 1) == top_names("Führerschein", 1)
    assert top_names("fuehrerschein", 1)[0].startswith("Führerschein")


def test_a_word_without_its_umlaut_is_found() -> None:
    assert top_names("Fuhrungszeugnis", 1)[0].startswith("Führungszeugnis")


def test_a_typo_in_child_benefit_still_finds_kindergeld() -> None:
    assert top_names("kindergelt", 1)[0].startswith("Kindergeld")


def test_a_typo_inside_a_compound_is_corrected_part_by_part() -> None:
    assert any(name.startswith("Gewerbe Anmeldung") for name in top_names("Gewerbeanmeldng"))


def test_a_short_unknown_word_is_not_bent_into_another_word() -> None:
    assert search_services("Xyzq", limit=5) == []


def test_a_joined_compound_finds_the_service_with_a_synonym_inside() -> None:
    assert top_names("Anwohnerparkausweis", 1)[0].startswith("Bewohnerparkausweis")


def test_a_compound_written_apart_finds_the_joined_service() -> None:
    assert top_names("Parkausweis für Anwohner", 1)[0].startswith("Bewohnerparkausweis")


def test_a_hyphenated_compound_with_an_abbreviation_finds_the_vehicle_service() -> None:
    assert any(name.startswith("Kraftfahrzeug Ummeldung") for name in top_names("Kfz-Ummeldung"))


def test_a_compound_with_a_linking_s_is_split() -> None:
    assert top_names("Hundesteuerbefreiung", 1)[0] == "Hundesteuer Befreiung"


def test_colloquial_perso_finds_the_identity_card() -> None:
    assert top_names("Perso", 1)[0].startswith("Personalausweis")


def test_colloquial_moving_finds_the_registration_of_residence() -> None:
    assert any(name.startswith("Wohnsitz") for name in top_names("umziehen"))


def test_furniture_finds_bulky_waste() -> None:
    assert top_names("altes Sofa abholen lassen", 1)[0].startswith("Sperrmüll")


def test_an_english_query_finds_the_passport() -> None:
    assert top_names("passport", 1)[0].startswith("Reisepass")


def test_english_and_german_words_sharing_a_stem_keep_their_meaning() -> None:
    # German stemming makes "rent" and "Rente" one stem; the spelling decides.
    assert top_names("rent", 1)[0].startswith("Wohngeld")
    assert "Wohngeld" not in top_names("Rente", 1)[0]


def test_inflected_forms_find_the_singular_service_name() -> None:
    assert top_names("Baugenehmigungen", 1)[0].startswith("Baugenehmigung")
    assert top_names("Reisepässe", 1)[0].startswith("Reisepass")


def test_the_general_entry_wins_a_tie_with_its_variants() -> None:
    assert search_services("Kindergeld", limit=1)[0].leika_key == "99041008000000"


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "!!! ???", "und der die", "the and of"])
def test_an_empty_or_meaningless_query_returns_nothing(query: str) -> None:
    assert search_services(query) == []


def test_a_10000_character_query_returns_a_list_quickly() -> None:
    search_services("warmup")
    started = time.perf_counter()
    hits = search_services("Personalausweis verloren " * 400)
    assert isinstance(hits, list)
    assert time.perf_counter() - started < 1.0
    assert hits and hits[0].name.startswith("Personalausweis")


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE catalog_service; --",
        "%' OR 1=1 --",
        "<script>alert('x')</script>",
        '"><img src=x onerror=alert(1)>',
        "\x00\x01\x02",
        "🙂🙂🙂 Ausweis 🙂",
        "Ａｕｓｗｅｉｓ",
        "a" * 300,
    ],
)
def test_injection_and_odd_input_return_a_list(query: str) -> None:
    assert isinstance(search_services(query), list)


def test_the_limit_caps_the_result_list() -> None:
    assert len(search_services("Antrag", limit=4)) == 4


def test_the_index_rebuilds_after_invalidation_when_a_service_is_renamed() -> None:
    assert search_services("Zauberstabgenehmigung") == []
    service = Service.objects.get(leika_key="99108001000000")
    service.name = "Zauberstabgenehmigung"
    service.save()
    search_index_invalidate()
    hits = search_services("Zauberstabgenehmigung")
    assert [hit.leika_key for hit in hits[:1]] == ["99108001000000"]


def test_the_api_serves_the_same_ranking(client: Client) -> None:
    expected = [hit.leika_key for hit in search_services("mein Perso ist abgelaufen", limit=5)]
    response = client.get("/api/v1/search", {"q": "mein Perso ist abgelaufen", "limit": 5})
    assert [row["leika_key"] for row in response.json()["results"]] == expected
