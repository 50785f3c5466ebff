"""The Postfach in a real browser: Maria Neumann (BundID simulator U01, whose Postfach the demo
fills) logs in through the development BundID, reads a message, answers the question, opens
the decision and follows her application in the status monitor — by keyboard, with every
page checked by axe; and the same Postfach works without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import assert_no_violations
from tests.e2e.test_forms import _fill_bulky_waste
from tests.e2e.test_keyboard import MAX_TAB_STOPS, focused, tab_to
from tests.submissions.files import png_bytes

pytestmark = pytest.mark.browser

WELCOME = "Willkommen in Ihrem Postfach"
QUESTION = "Rückfrage: Welche Gegenstände sollen abgeholt werden?"
DECISION = "Bescheid über Ihren Antrag auf Sperrmüllabholung"


def _log_in(page: Page, path: str) -> None:
    """Ask for a Postfach page, log in as the first test person, land on that page."""
    page.goto(path)
    expect(page.locator("h1")).to_have_text("Anmelden mit BundID (Entwicklung)")
    page.get_by_label("Substanziell", exact=False).check()
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def _open_by_keyboard(page: Page, subject: str) -> None:
    """From the list, Tab to the message (its link may start with "Ungelesen:"), Enter."""
    page.goto("/postfach/")
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "a" and now["text"].endswith(subject):
            break
    else:
        raise AssertionError(f"no link {subject!r} reached by Tab")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(subject)


def test_a_citizen_works_through_the_postfach_by_keyboard(page: Page) -> None:
    blocked: list[str] = []  # the Content-Security-Policy holds on every Postfach page
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else 0)
    _log_in(page, "/postfach/")
    expect(page.locator("h1")).to_have_text("Postfach")
    expect(page.locator(".site-header__mailbox")).to_contain_text("ungelesen")
    expect(page.locator(".mailbox-list")).to_contain_text(DECISION)
    assert_no_violations(page)

    _open_by_keyboard(page, WELCOME)
    expect(page.locator(".mailbox-body")).to_contain_text("Nachrichten, Rückfragen und Bescheide")
    assert_no_violations(page)

    _open_by_keyboard(page, QUESTION)
    tab_to(page, {"tag": "button", "text": "Antwort senden"})
    page.keyboard.press("Enter")  # nothing written yet: the error summary takes the focus
    expect(page).to_have_title(re.compile("^Fehler:"))
    expect(page.locator("#fehlerliste")).to_be_focused()
    assert_no_violations(page)
    tab_to(page, {"id": "feld-antwort"})
    page.keyboard.type("Ein Sofa und zwei Stühle; ein Foto hängt an.")
    page.set_input_files("#feld-dateien", files=[_png()])
    tab_to(page, {"tag": "button", "text": "Antwort senden"})
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Beantwortet am")
    expect(page.locator(".mailbox-files")).to_contain_text("sofa.png")
    assert_no_violations(page)

    _open_by_keyboard(page, DECISION)
    expect(page.locator("main")).not_to_contain_text("Rechtsbehelfsbelehrung")
    assert_no_violations(page)
    tab_to(page, {"tag": "button", "text": "Bescheid öffnen"})
    page.keyboard.press("Enter")
    expect(page.locator(".fetch-receipt")).to_have_text(re.compile(r"^\d\d\.\d\d\.\d{4}, "))
    expect(page.locator(".mailbox-files")).to_contain_text("Bescheid-Sperrmuell.pdf")
    assert_no_violations(page)

    _fill_bulky_waste(page)
    page.get_by_role("button", name="Antrag absenden").click()
    expect(page.locator("h1")).to_contain_text("Ihr Antrag ist eingegangen")
    page.goto("/postfach/status/")
    current = page.locator("[aria-current='step']").first
    expect(current).to_contain_text("aktueller Schritt")
    assert_no_violations(page)
    assert blocked == []


def test_the_postfach_works_without_javascript(page_without_js: Page) -> None:
    page = page_without_js
    page.goto("/postfach/status/")
    expect(page.locator("h1")).to_have_text("Weiter zur Anmeldung mit BundID")
    page.get_by_role("button", name="Weiter zu BundID").click()
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("button", name="Weiter zum Portal").click()
    expect(page.locator("h1")).to_have_text("Statusmonitor")
    page.get_by_role("link", name="Nachrichten", exact=True).click()
    page.get_by_role("link", name=WELCOME).click()
    expect(page.locator("h1")).to_have_text(WELCOME)
    page.get_by_role("link", name="Zurück zum Postfach").click()
    expect(page.locator("h1")).to_have_text("Postfach")


def _png() -> dict[str, object]:
    return {"name": "sofa.png", "mimeType": "image/png", "buffer": png_bytes()}
