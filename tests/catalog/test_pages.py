"""Citizen pages: what a person sees, and that bad input gets a clear German answer."""

from __future__ import annotations

import pytest
from django.test import Client

from rathaus.catalog.models import Service
from rathaus.territory.models import Postcode, Region

pytestmark = pytest.mark.django_db

PARKING = "/leistungen/99108001001000/"


def _html(client: Client, url: str, status: int = 200, **params: str) -> str:
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def test_the_start_page_lists_topics_and_life_situations(client: Client) -> None:
    html = _html(client, "/")
    assert "Familie &amp; Kind" in html
    assert "Geburt" in html
    assert "Leichte Sprache" in html and "Gebärdensprache" in html


def test_a_service_page_shows_what_it_is_and_its_legal_basis(client: Client) -> None:
    html = _html(client, "/leistungen/99046029001000/")
    assert "Abdrucke aus dem Schuldnerverzeichnis Erteilung" in html
    assert (
        '<a class="kern-link" href="https://www.gesetze-im-internet.de/zpo/__882g.html">'
        "§ 882g Zivilprozessordnung (ZPO)</a>" in html
    )
    assert "[http" not in html


def test_a_postcode_of_one_municipality_shows_the_responsible_office(client: Client) -> None:
    html = _html(client, PARKING, ort="34117")
    assert "Zuständig für Kassel" in html
    assert "Stadtverwaltung Kassel" in html
    assert "Online beantragen" in html  # Kassel's own online service (demo row)


def test_a_postcode_spanning_several_municipalities_offers_a_choice(client: Client) -> None:
    html = _html(client, PARKING, ort="34233")
    assert "Bitte wählen Sie Ihre Gemeinde" in html
    assert "?ags=06611000" in html and "?ags=06633009" in html
    assert "Zuständig für" not in html


def test_a_municipality_name_is_found_regardless_of_umlaut_spelling(client: Client) -> None:
    assert "Zuständig für Gießen" in _html(client, PARKING, ort="Giessen")
    assert "Zuständig für Gießen" in _html(client, PARKING, ort="gießen")


def test_an_unknown_postcode_says_so_in_german(client: Client) -> None:
    html = _html(client, PARKING, ort="99999")
    assert "Zu „99999“ haben wir keine Gemeinde in Hessen gefunden" in html


def test_an_unknown_ags_says_so_and_offers_the_place_field(client: Client) -> None:
    html = _html(client, PARKING, ags="06999999")
    assert "Diesen Gemeindeschlüssel kennen wir nicht" in html
    assert 'name="ort"' in html


def test_a_nonexistent_municipality_page_is_a_404_in_the_portal_design(client: Client) -> None:
    html = _html(client, "/orte/06999999/", status=404)
    assert "Seite nicht gefunden" in html
    assert "Erklärung zur Barrierefreiheit" in html
    _html(client, "/orte/abc/", status=404)
    _html(client, "/leistungen/00000000000000/", status=404)


def test_an_empty_place_shows_an_error_summary_and_the_title_says_fehler(client: Client) -> None:
    html = _html(client, PARKING, ort="   ")
    assert "<title>Fehler:" in html
    assert "Bitte geben Sie Ihre Postleitzahl oder Ihre Gemeinde an." in html
    assert 'href="#id_ort"' in html


def test_an_overlong_place_is_refused_politely(client: Client) -> None:
    html = _html(client, PARKING, ort="x" * 10_000)
    assert "höchstens 100 Zeichen" in html


def test_an_empty_search_asks_for_a_term(client: Client) -> None:
    html = _html(client, "/suche/", q="")
    assert "Bitte geben Sie ein, wonach Sie suchen" in html
    assert "<title>Fehler:" in html


def test_a_10kb_search_string_is_refused_with_a_message_not_an_error(client: Client) -> None:
    html = _html(client, "/suche/", q="Personalausweis " * 640)
    assert "Ihre Suche ist zu lang" in html


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE catalog_service; --",
        "<script>alert(1)</script>",
        "%' OR 1=1 --",
        "\x00\x01",
        "🙂🙂",
        "Pass\u200bport",
    ],
)
def test_sql_or_html_in_the_search_box_is_treated_as_text(client: Client, query: str) -> None:
    count = Service.objects.count()
    html = _html(client, "/suche/", q=query)
    assert "<script>alert(1)</script>" not in html
    assert Service.objects.count() == count


def test_the_search_page_finds_a_service_by_its_name(client: Client) -> None:
    html = _html(client, "/suche/", q="Personalausweis")
    assert "/leistungen/99008001" in html


def test_the_municipality_page_lists_services_with_their_office(client: Client) -> None:
    html = _html(client, "/orte/06611000/")
    assert "Kassel, documenta-Stadt" in html
    assert "Stadtverwaltung Kassel" in html
    assert "Seite 1 von" in html
    filtered = _html(client, "/orte/06611000/", thema="familie-kind")
    assert "Adoption eines ausländischen Kindes" in filtered
    assert "Abfallgebühr" not in filtered
    _html(client, "/orte/06611000/", seite="999999")  # out of range → last page, not 500
    _html(client, "/orte/06611000/", seite="abc", thema="<b>")


def test_the_place_finder_goes_straight_to_a_single_match(client: Client) -> None:
    response = client.get("/orte/", {"ort": "34117"})
    assert response.status_code == 302
    assert response["Location"] == "/orte/06611000/"
    html = _html(client, "/orte/", ort="34233")
    assert "Fuldatal" in html and "Kassel" in html


def test_the_place_finder_lists_every_kreis(client: Client) -> None:
    html = _html(client, "/orte/")
    assert html.count("<h3") >= 26


def test_pages_switch_to_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = _html(client, "/")
    assert '<html lang="en"' in html
    assert "Skip to content" in html


def test_every_municipality_is_reachable_by_one_of_its_postcodes(client: Client) -> None:
    covered = set(Postcode.objects.values_list("municipality_id", flat=True))
    inhabited = set(
        Region.objects.filter(level=4, is_unincorporated=False).values_list("id", flat=True)
    )
    assert inhabited <= covered
