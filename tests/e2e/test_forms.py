"""Forms in the browser: axe on every page of a real FIM form, and keyboard-only completion."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, FilePayload, Page, expect

from tests.e2e.test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser

ASBEST = "/formulare/S00000186/"
SPERRMUELL = "/formulare/sperrmuell_abholung/"
HUNDESTEUER = "/formulare/hundesteuer_anmeldung/"
MAX_TABS = 80


def test_every_page_of_the_asbest_form_has_no_wcag_violations(page: Page) -> None:
    page.goto(ASBEST)
    expect(page.locator("h1")).to_contain_text("Asbest")
    assert_no_violations(page)
    links = page.locator("ol.form-steps a").evaluate_all("els => els.map(e => e.href)")
    assert len(links) >= 3
    for url in links:
        response = page.goto(url)
        assert response is not None and response.status == 200
        assert_no_violations(page)
    page.goto(links[0])
    page.get_by_role("button", name="Weiter").last.click()  # nothing filled in: errors
    expect(page).to_have_title(re.compile("^Fehler:"))
    assert_no_violations(page)
    page.goto(ASBEST + "pruefen/")
    expect(page.locator("h1")).to_contain_text("Prüfen Sie Ihre Angaben")
    assert_no_violations(page)


def test_a_form_with_dates_repeats_and_choices_has_no_wcag_violations(page: Page) -> None:
    page.goto(HUNDESTEUER + "seite/hunde/")
    page.get_by_role("button", name=re.compile("Weitere Angabe hinzufügen")).click()
    expect(page.get_by_role("group", name="Hund 2")).to_be_visible()
    assert_no_violations(page)
    page.get_by_role("button", name="Weiter").last.click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_no_violations(page)


def _tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(MAX_TABS):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reached with Tab")


def test_a_form_is_completed_with_the_keyboard_only(page: Page) -> None:
    page.goto(SPERRMUELL)
    _tab_to(page, "a.kern-btn")  # "Jetzt beginnen"
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Wo sollen wir abholen?")
    for name, text in (
        ("name", "Erika Mustermann"),
        ("strasse", "Hauptstraße 1"),
        ("plz", "34117"),
    ):
        _tab_to(page, f"[name={name!r}]")
        page.keyboard.type(text)
    page.keyboard.press("Enter")  # Enter in a text field means "Weiter"
    expect(page.locator("h1")).to_contain_text("Was soll abgeholt werden?")
    _tab_to(page, "input[name='gegenstand[0].art']")
    page.keyboard.press("Space")  # the first choice: Sofa oder Sessel
    _tab_to(page, "[name='gegenstand[0].stueckzahl']")
    page.keyboard.type("2")
    _tab_to(page, "[name='volumen']")
    page.keyboard.type("1,5")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Wunschtermin")
    for part, text in (("tag", "1"), ("monat", "6"), ("jahr", "2035")):
        _tab_to(page, f"[name='wunschtermin.{part}']")
        page.keyboard.type(text)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Prüfen Sie Ihre Angaben")
    expect(page.locator("main")).to_contain_text("Ihre Angaben sind vollständig")
    expect(page.locator("main")).to_contain_text("Sofa oder Sessel")
    expect(page.locator("main")).to_contain_text("01.06.2035")


def test_continue_later_and_an_expired_link_have_no_wcag_violations(page: Page) -> None:
    page.goto(HUNDESTEUER + "seite/halter/")
    page.get_by_role("button", name="Speichern und später fortsetzen").click()
    expect(page.locator("h1")).to_contain_text("Später fortsetzen")
    assert_no_violations(page)
    page.get_by_role("button", name="Link schicken").click()  # no address: error state
    expect(page).to_have_title(re.compile("^Fehler:"))
    assert_no_violations(page)
    response = page.goto("/formulare/fortsetzen/abgelaufen-oder-erfunden/")
    assert response is not None and response.status == 410
    expect(page.locator("h1")).to_contain_text("nicht mehr gültig")
    assert_no_violations(page)


def test_sending_a_form_and_the_confirmation_have_no_wcag_violations(page: Page) -> None:
    _fill_bulky_waste(page, place="")
    page.get_by_role("button", name="Antrag absenden").click()  # no place given yet
    expect(page).to_have_title(re.compile("^Fehler:"))
    assert_no_violations(page)
    page.get_by_label("Für welche Gemeinde stellen Sie den Antrag?").fill("34233")
    page.get_by_role("button", name="Antrag absenden").click()
    page.get_by_label("Fuldatal").check()
    assert_no_violations(page)
    email = page.get_by_label("E-Mail-Adresse für die Eingangsbestätigung (freiwillig)")
    email.fill("erika at beispiel")
    page.get_by_role("button", name="Antrag absenden").click()
    expect(page).to_have_title(re.compile("^Fehler:"))
    assert_no_violations(page)
    email.fill("erika.mustermann@beispiel.test")
    page.get_by_role("button", name="Antrag absenden").click()
    expect(page.locator("h1")).to_contain_text("Ihr Antrag ist eingegangen")
    expect(page.locator(".reference")).to_have_text(re.compile(r"^HE-06633009-\d{4}-\d{6}$"))
    assert_no_violations(page)
    page.get_by_role("link", name="Alle meine Anträge und ihr Stand").click()
    expect(page.locator("h1")).to_have_text("Meine Anträge")
    expect(page.locator("td.status")).to_contain_text("Eingegangen")
    assert_no_violations(page)


def _fill_bulky_waste(
    page: Page, place: str = "?ags=06611000", photos: list[FilePayload] | None = None
) -> None:
    """Answer every page of the bulky-waste form, for Kassel unless `place` says otherwise,
    with `photos` of the items if given."""
    page.goto(SPERRMUELL + place)
    page.goto(SPERRMUELL + "seite/adresse/")
    page.get_by_label("Vollständiger Name").fill("Erika Mustermann")
    page.get_by_label("Straße und Hausnummer").fill("Hauptstraße 1")
    page.get_by_label("Postleitzahl").fill("34117")
    page.get_by_role("button", name="Weiter").last.click()
    page.get_by_label("Sofa oder Sessel").check()
    page.get_by_label("Stückzahl").fill("1")
    page.get_by_label("Geschätzte Menge in Kubikmetern").fill("2")
    if photos:
        page.get_by_label("Fotos der Gegenstände").set_input_files(photos)
    page.get_by_role("button", name="Weiter").last.click()
    page.get_by_label("Tag").fill("1")
    page.get_by_label("Monat").fill("6")
    page.get_by_label("Jahr").fill("2035")
    page.get_by_role("button", name="Weiter").last.click()
    # the summary page has loaded before anyone reaches into it
    expect(page.get_by_role("button", name="Antrag absenden")).to_be_visible()


def test_an_expired_session_and_an_oversized_request_have_no_wcag_violations(
    page: Page, context: BrowserContext
) -> None:
    _fill_bulky_waste(page)
    # the session expired and the hidden note was altered: a clear page, nothing sent
    page.evaluate("document.querySelector('input[name=entwurf]').value = 'erfunden'")
    session = [c for c in context.cookies() if c["name"] != "sessionid"]
    context.clear_cookies()
    context.add_cookies(session)  # type: ignore[arg-type]
    page.get_by_role("button", name="Antrag absenden").click()
    expect(page.locator("h1")).to_have_text("Ihre Sitzung ist abgelaufen")
    assert_no_violations(page)
    # a request too large to take: the 413 page
    _fill_bulky_waste(page)
    page.evaluate(
        "const f = document.querySelector('form[action$=\"absenden/\"]');"
        "const t = document.createElement('textarea'); t.name = 'gross';"
        "t.value = 'x'.repeat(3 * 1024 * 1024); t.hidden = true; f.appendChild(t);"
    )
    page.get_by_role("button", name="Antrag absenden").click()
    expect(page.locator("h1")).to_have_text("Die gesendeten Daten sind zu groß")
    assert_no_violations(page)
