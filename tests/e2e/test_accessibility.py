"""axe-core finds no WCAG 2.2 AA violation on any citizen page (UI.md: zero is the bar)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}

KASSEL = "06611000"
SERVICE = "99108001001000"  # LeiKa: Bewohnerparkausweis Erteilung, offered by municipalities
NOT_FOUND = "/gibt-es-nicht/"


def violations_report(violations: list[dict[str, Any]]) -> str:
    """Each violation with what to fix and where, readable in a failing test's output."""
    lines = [f"{len(violations)} axe violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            targets = ", ".join(str(target) for target in node["target"])
            summary = node.get("failureSummary", "").strip().replace("\n", "\n        ")
            lines.append(f"    at {targets}: {summary}")
            lines.append(f"       {node['html'][:200]}")
    return "\n".join(lines)


def assert_no_violations(page: Page) -> None:
    # the page as a person sees it: its stylesheets loaded (under load, a heading can be
    # visible before they are, and axe would measure unstyled links)
    page.wait_for_load_state("load")
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"{page.url}\n{violations_report(violations)}"


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        pytest.param("/", "Verwaltungsleistungen in Hessen", id="start"),
        pytest.param("/suche/?q=Personalausweis", "Leistungen suchen", id="search-results"),
        pytest.param("/suche/?q=", "Leistungen suchen", id="search-empty-error"),
        pytest.param(
            f"/leistungen/{SERVICE}/?ags={KASSEL}", "Zuständig für Kassel", id="service-chosen"
        ),
        pytest.param(
            f"/leistungen/{SERVICE}/?ort=34233",
            "Bitte wählen Sie Ihre Gemeinde",
            id="service-choice",
        ),
        pytest.param(
            f"/leistungen/{SERVICE}/?ort=99999", "keine Gemeinde in Hessen", id="service-unknown"
        ),
        pytest.param(f"/orte/{KASSEL}/", "Kassel", id="municipality"),
        pytest.param(f"/orte/{KASSEL}/?online=1", "Kassel", id="municipality-online"),
        pytest.param("/orte/", "Gemeinden in Hessen", id="place-finder"),
        pytest.param("/barrierefreiheit/", "Erklärung zur Barrierefreiheit", id="statement"),
        pytest.param("/leichte-sprache/", "Leichter Sprache", id="easy-language"),
        pytest.param("/gebaerdensprache/", "Gebärdensprache", id="sign-language"),
        pytest.param(NOT_FOUND, "Seite nicht gefunden", id="not-found"),
    ],
)
def test_page_has_no_wcag_violations(page: Page, path: str, heading: str) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == (404 if path == NOT_FOUND else 200), response.status
    # The right page, not an error page that happens to pass.
    expect(page.locator("main")).to_contain_text(heading)
    assert_no_violations(page)


def test_life_situation_page_has_no_wcag_violations(page: Page) -> None:
    page.goto("/")
    page.locator(".topic-grid a[href^='/lebenslagen/']").first.click()
    expect(page).to_have_url(re.compile(r"/lebenslagen/[^/]+/$"))
    assert_no_violations(page)


def test_topic_page_has_no_wcag_violations(page: Page) -> None:
    page.goto("/")
    page.locator(".topic-grid a[href^='/themen/']").first.click()
    expect(page).to_have_url(re.compile(r"/themen/[^/]+/$"))
    assert_no_violations(page)


def test_start_page_in_english_has_no_wcag_violations(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_no_violations(page)


def test_the_english_start_page_is_written_in_english(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    assert "Verwaltungsleistungen" not in page.locator("h1").inner_text()
