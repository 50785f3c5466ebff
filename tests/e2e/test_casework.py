"""The back office in a real browser: Kassel's caseworker logs in through the staff login,
opens the worklist and a case, takes it over, all by keyboard, no axe violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import demo_totp_code
from tests.e2e.test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser


def test_a_caseworker_opens_the_worklist_and_a_case(page: Page) -> None:
    page.goto("/sachbearbeitung/")
    expect(page).to_have_url(re.compile(r"/verwaltung/login/\?next=/sachbearbeitung/"))
    page.get_by_label("Benutzername").fill("kassel")
    page.get_by_label("Passwort").fill("rathaus-demo")
    page.get_by_label("Sicherheitscode").fill(demo_totp_code("kassel"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/sachbearbeitung/$"))
    expect(page.get_by_role("heading", name="Arbeitsliste")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Neumann")
    assert_no_violations(page)
    page.get_by_role("row", name=re.compile("Neumann")).get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vorgang")
    expect(page.locator("main")).to_contain_text("Luna")  # the answers, laid out like the form
    assert_no_violations(page)
    page.get_by_role("button", name="Selbst übernehmen").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".casework-assignee")).to_contain_text("kassel")
    expect(page.locator(".casework-timeline")).to_contain_text("zugewiesen")
