"""Without JavaScript every citizen journey still works: the forms are plain GET forms."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_it_searches_and_shows_the_responsible_office_without_javascript(
    page_without_js: Page,
) -> None:
    page = page_without_js
    page.goto("/")

    page.get_by_label("Was möchten Sie erledigen?").fill("Personalausweis")
    page.get_by_role("button", name="Suchen").click()
    expect(page).to_have_url("/suche/?q=Personalausweis")

    page.locator(".result-list a").first.click()
    page.get_by_label("Postleitzahl oder Name Ihrer Gemeinde").fill("34233")
    page.get_by_role("button", name="Zuständige Stelle anzeigen").click()
    expect(page.get_by_role("heading", name="Bitte wählen Sie Ihre Gemeinde")).to_be_visible()

    choice = page.locator("#zustaendigkeit ~ ul a").first
    place = choice.inner_text()
    choice.click()
    expect(page.locator(".responsibility")).to_contain_text(f"Zuständig für {place}")


def test_it_finds_a_municipality_by_postcode_without_javascript(page_without_js: Page) -> None:
    page = page_without_js
    page.goto("/orte/")

    page.get_by_label("Postleitzahl oder Name Ihrer Gemeinde").fill("34233")
    page.get_by_role("button", name="Gemeinde finden").click()
    expect(page.get_by_role("heading", name="Bitte wählen Sie Ihre Gemeinde")).to_be_visible()
    choice = page.locator("main h2 + ul a").first
    place = choice.inner_text()
    choice.click()

    expect(page).to_have_url(re.compile(r"/orte/\d{8}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(place)


def test_a_postcode_with_one_municipality_leads_straight_to_it(page_without_js: Page) -> None:
    page = page_without_js
    page.goto("/orte/")

    page.get_by_label("Postleitzahl oder Name Ihrer Gemeinde").fill("34117")
    page.get_by_role("button", name="Gemeinde finden").click()

    expect(page).to_have_url("/orte/06611000/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kassel")


def test_the_language_switch_works_without_javascript(page_without_js: Page) -> None:
    page = page_without_js
    page.goto("/")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Deutsch")).to_be_visible()


def test_the_municipality_page_filters_online_services_without_javascript(
    page_without_js: Page,
) -> None:
    page = page_without_js
    page.goto("/orte/06611000/")

    page.get_by_label("Nur online beantragbare Leistungen").check()
    page.get_by_role("button", name="Anzeigen").click()

    expect(page).to_have_url(re.compile(r"[?&]online=1"))
    online = page.locator("tbody tr td:nth-child(3)")
    expect(online.first).to_have_text("ja")
    assert set(online.all_inner_texts()) == {"ja"}
