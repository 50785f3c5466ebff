"""In a real browser: a form that needs "substanziell" asks a basic login to step up, then
offers the login's data, fills the form after the person agrees, and the account page shows
the consent. Every page on the way is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser

JAGD = "/formulare/S07000000201/"


def _bundid(page: Page, level: str) -> None:
    page.get_by_label(level, exact=False).check()
    page.get_by_role("button", name="Anmelden").click()


def test_step_up_then_prefill_with_consent(page: Page) -> None:
    page.goto(JAGD)
    expect(page.locator("h1")).to_have_text("Bitte melden Sie sich an")
    assert_no_violations(page)

    page.goto(f"/anmelden/?niveau=niedrig&next={JAGD}")
    _bundid(page, "Niedrig")
    expect(page.locator("h1")).to_have_text(
        "Bitte melden Sie sich mit einem höheren Vertrauensniveau an"
    )
    assert_no_violations(page)

    page.get_by_role("link", name="Erneut mit BundID anmelden").click()
    _bundid(page, "Substanziell")
    expect(
        page.get_by_role("heading", name="Angaben aus Ihrem BundID-Konto übernehmen?")
    ).to_be_visible()
    expect(page.locator("main")).to_contain_text("Neumann")
    assert_no_violations(page)

    page.get_by_label("Auch für künftige Anträge übernehmen", exact=False).check()
    page.get_by_role("button", name="Übernehmen und beginnen").click()
    expect(page.get_by_label("Familienname", exact=True)).to_have_value("Neumann")
    assert_no_violations(page)

    page.get_by_role("link", name="Mein Konto").click()
    expect(page.locator("h1")).to_have_text("Mein Konto")
    expect(page.locator("main")).to_contain_text("Einwilligung widerrufen")
    assert_no_violations(page)
