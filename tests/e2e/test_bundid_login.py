"""Logging in with BundID in a real browser: the SAML redirect flow through the development
IdP under the site's Content-Security-Policy, and the login pages checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEVIDP
from tests.e2e.test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser

MINE = "/formulare/meine-antraege/"


def test_a_test_person_logs_in_through_the_development_bundid(page: Page) -> None:
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    page.goto(f"/anmelden/?niveau=substanziell&next={MINE}")
    # our page sends itself to the IdP (static script, form-action allows only that origin)
    expect(page.locator("h1")).to_have_text("Anmelden mit BundID (Entwicklung)")
    assert page.url.startswith(DEVIDP["url"])
    page.get_by_label("Substanziell", exact=False).check()
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("h1")).to_have_text("Meine Anträge")  # back, logged in, at `next`
    assert violations == []


def test_the_login_pages_have_no_wcag_violations(page: Page) -> None:
    # as for a visitor without JavaScript: the page waits for its button
    page.route(
        "**/autosubmit*.js", lambda route: route.fulfill(body="", content_type="text/javascript")
    )
    page.goto("/anmelden/")
    expect(page.locator("h1")).to_have_text("Weiter zur Anmeldung mit BundID")
    assert_no_violations(page)
    # an answer nobody asked for: the refusal page
    page.set_content(
        f'<form method="post" action="{page.url.split("/anmelden")[0]}/anmelden/saml/acs/">'
        '<input name="RelayState" value="erfunden"><input name="SAMLResponse" value="eA==">'
        '<button type="submit">senden</button></form>'
    )
    page.get_by_role("button", name="senden").click()
    expect(page.locator("h1")).to_be_visible()
    assert page.url.endswith("/anmelden/saml/acs/")
    assert_no_violations(page)
