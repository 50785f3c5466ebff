"""A business logs in as an organisation: BundID login through the development IdP, create
the organisation with the keyboard, see its page, act for it; every page checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEVIDP
from tests.e2e.test_accessibility import assert_no_violations
from tests.e2e.test_keyboard import tab_to

pytestmark = pytest.mark.browser

NAME = "Tischlerei Neumann GmbH"


def test_a_citizen_creates_an_organisation_and_acts_for_it(page: Page) -> None:
    page.goto("/organisationen/")
    assert page.url.startswith(DEVIDP["url"])  # login first, then back here
    page.get_by_label("Substanziell", exact=False).check()
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("h1")).to_have_text("Meine Organisationen")
    expect(page.locator("main")).to_contain_text("Sie gehören noch keiner Organisation an")
    assert_no_violations(page)

    # keyboard only from here: Tab, typing, Space and Enter
    tab_to(page, {"text": "Organisation anlegen", "tag": "a"})
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Organisation anlegen")
    assert_no_violations(page)
    tab_to(page, {"tag": "button", "text": "Organisation anlegen"})
    page.keyboard.press("Enter")  # nothing filled in: the error summary
    expect(page).to_have_title("Fehler: Organisation anlegen – Rathaus Hessen")
    expect(page.locator("#fehlerliste")).to_be_focused()
    assert_no_violations(page)
    tab_to(page, {"id": "id_name"})
    page.keyboard.type(NAME)
    tab_to(page, {"id": "id_kind_0"})
    page.keyboard.press("Space")
    tab_to(page, {"id": "id_locality"})
    page.keyboard.type("Kassel")
    tab_to(page, {"tag": "button", "text": "Organisation anlegen"})
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text(NAME)
    main = page.locator("main")
    expect(main).to_contain_text("ist angelegt")
    expect(main).to_contain_text("Inhaber/Verwaltung")
    expect(main.get_by_role("heading", name="Person einladen")).to_be_visible()
    assert_no_violations(page)

    tab_to(page, {"tag": "button", "text": "Für diese Organisation handeln"})
    page.keyboard.press("Enter")
    header = page.locator("header")
    expect(header).to_contain_text(f"Sie handeln für: {NAME}")
    assert_no_violations(page)
    header.get_by_role("button", name="Wieder für mich selbst handeln").press("Enter")
    expect(page.locator("header")).not_to_contain_text("Sie handeln für")
