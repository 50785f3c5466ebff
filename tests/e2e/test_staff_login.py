"""The staff login in a real browser: keyboard only, password and code, no axe violation on
the login page, its error and the lockout page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import demo_totp_code
from tests.e2e.test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser


def test_a_caseworker_logs_in_with_the_keyboard_and_sees_the_authoritys_screens(
    page: Page,
) -> None:
    page.goto("/verwaltung/login/")
    assert_no_violations(page)
    page.get_by_label("Benutzername").focus()
    page.keyboard.type("kassel")
    page.keyboard.press("Tab")
    page.keyboard.type("rathaus-demo")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Sicherheitscode")).to_be_focused()
    page.keyboard.type(demo_totp_code("kassel"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/verwaltung/$"))
    expect(page.locator("#content-main")).to_contain_text("Anträge")
    expect(page.locator("#content-main")).not_to_contain_text("Leistungen")  # no catalogue


def test_a_refused_login_and_the_lockout_page_have_no_violations(page: Page) -> None:
    page.goto("/verwaltung/login/")
    for attempt in range(5):
        page.get_by_label("Benutzername").fill("redaktion")
        page.get_by_label("Passwort").fill("rathaus-demo")
        page.get_by_label("Sicherheitscode").fill("000000")
        page.get_by_role("button", name="Anmelden").click()
        if attempt == 0:
            expect(page.locator(".errornote")).to_contain_text("Sicherheitscode stimmt nicht")
            assert_no_violations(page)
    expect(page.locator("h1")).to_have_text("Anmeldung vorübergehend gesperrt")
    assert_no_violations(page)
