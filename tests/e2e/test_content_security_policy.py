"""The Content-Security-Policy is enforced by a real browser and nothing of ours breaks it: no
page logs a violation or a console error (ADR 0009)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Response, expect

from tests.e2e.conftest import demo_totp_code

pytestmark = pytest.mark.browser

SPERRMUELL = "/formulare/sperrmuell_abholung/"
# Added by Playwright over the DevTools protocol, so the page's CSP does not apply to it.
LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ` +
    `${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def watched(context: BrowserContext) -> Iterator[tuple[Page, list[str]]]:
    """A page that records CSP violations, console errors and warnings, and failed loads of
    anything but the page itself (the 404 page is a 404 on purpose)."""
    context.add_init_script(LISTENER)
    page = context.new_page()
    problems: list[str] = []

    def record(message: ConsoleMessage) -> None:
        # a failed load is reported with its address by the response listener below
        if message.type in {"error", "warning"} and "Failed to load resource" not in message.text:
            problems.append(f"{message.type}: {message.text}")

    def failed(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status}: {response.url}")

    page.on("console", record)
    page.on("response", failed)
    yield page, problems


def _assert_clean(page: Page, console: list[str]) -> None:
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], violations
    assert console == [], console


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/suche/?q=hund",
        "/orte/06611000/",
        SPERRMUELL,
        SPERRMUELL + "seite/adresse/",
        SPERRMUELL + "pruefen/",
        "/verwaltung/login/",
        "/gibt-es-nicht/",
    ],
)
def test_a_page_loads_without_a_policy_violation(
    watched: tuple[Page, list[str]], path: str
) -> None:
    page, console = watched
    response = page.goto(path)
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    # every linked stylesheet was applied (a refused one has no sheet)
    assert page.evaluate(
        "[...document.querySelectorAll('link[rel=stylesheet]')].every((link) => link.sheet)"
    )
    _assert_clean(page, console)


def test_the_form_page_script_runs_under_the_policy(watched: tuple[Page, list[str]]) -> None:
    page, console = watched
    page.clock.install()
    page.goto(SPERRMUELL + "seite/adresse/")
    note = page.locator("[data-session-seconds]")
    seconds = int(note.get_attribute("data-session-seconds") or "0")
    page.clock.run_for(seconds * 1000)
    expect(note).to_have_class("session-note session-note--warning")
    _assert_clean(page, console)


def test_the_listener_sees_an_inline_style_the_policy_blocks(
    watched: tuple[Page, list[str]],
) -> None:
    """Guards the guard: an injected inline style is refused and reported."""
    page, _console = watched
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('style');"
        " s.textContent = 'body { color: red }'; document.head.appendChild(s); }"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert "style-src" in page.evaluate("window.__cspViolations[0]")


def test_the_admin_works_under_the_policy(watched: tuple[Page, list[str]]) -> None:
    """Django's admin has no inline script; its change list, filters and forms run as is."""
    page, problems = watched
    page.goto("/verwaltung/login/")
    page.get_by_label("Benutzername").fill("admin")
    page.get_by_label("Passwort").fill("rathaus-demo")
    page.get_by_label("Sicherheitscode").fill(demo_totp_code("admin"))
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile("/verwaltung/$"))
    _assert_clean(page, problems)  # the violations list starts afresh on every page
    page.goto("/verwaltung/catalog/service/?q=Reisepass")
    _assert_clean(page, problems)
    page.locator("#result_list tbody a").first.click()
    expect(page.locator("#content h1")).to_be_visible()
    _assert_clean(page, problems)
    for path in ("/verwaltung/catalog/offering/add/", "/verwaltung/forms/form/hochladen/"):
        page.goto(path)
        _assert_clean(page, problems)


def test_the_api_docs_render_under_the_policy(watched: tuple[Page, list[str]]) -> None:
    """Swagger UI at /api/docs comes from our static files and runs without 'unsafe-inline'."""
    page, problems = watched
    page.goto("/api/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    expect(page.get_by_text("/api/v1/submissions/{submission_id}/decision")).to_be_visible()
    _assert_clean(page, problems)
