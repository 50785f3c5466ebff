"""Keyboard only: a citizen who cannot use a mouse finds a service and who is responsible.

Nothing here clicks; after the start page every step is Tab, typing or Enter.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

MAX_TAB_STOPS = 150

# What the focused element is and whether its focus indicator can be seen (WCAG 2.4.7).
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: el.getAttribute("name"),
    href: el.getAttribute("href"),
    text: (el.innerText || el.value || "").trim().slice(0, 80),
    classes: el.className,
    result: el.closest(".result-list") !== null,
    visibleFocus: outline || shadow,
    // on the page, not parked off-screen (scrolling into view may still be under way)
    onPage: box.width > 0 && box.height > 0
      && box.right + window.scrollX > 0 && box.bottom + window.scrollY > 0,
  };
}"""


def focused(page: Page) -> dict[str, Any]:
    info: dict[str, Any] = page.evaluate(FOCUSED)
    return info


def tab_to(page: Page, wanted: dict[str, Any]) -> dict[str, Any]:
    """Press Tab until the focused element has all the wanted properties."""
    seen = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        info = focused(page)
        if all(info.get(key) == value for key, value in wanted.items()):
            return info
        seen.append(f"{info['tag']}#{info['id']} {info['text']!r}")
    raise AssertionError(f"No Tab stop with {wanted} on {page.url}; passed: {seen}")


def all_tab_stops(page: Page) -> list[dict[str, Any]]:
    """Every Tab stop of the page, in order, once round (until the skip link comes back)."""
    stops: list[dict[str, Any]] = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        info = focused(page)
        if stops and (info["tag"] == "body" or "skip-link" in info["classes"]):
            return stops
        stops.append(info)
    raise AssertionError(f"More than {MAX_TAB_STOPS} Tab stops on {page.url}")


def submit(page: Page) -> None:
    """Enter on a link or in a form field, then wait for the next page to load."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_it_finds_a_service_and_its_responsible_office_with_the_keyboard_only(
    page: Page,
) -> None:
    page.goto("/")

    tab_to(page, {"tag": "input", "name": "q"})
    page.keyboard.type("Personalausweis")
    submit(page)
    expect(page).to_have_url("/suche/?q=Personalausweis")
    expect(page.locator("#treffer")).to_contain_text("für „Personalausweis“")

    result = tab_to(page, {"tag": "a", "result": True})
    submit(page)
    expect(page).to_have_url(result["href"])
    expect(page.locator("h1")).to_have_text(result["text"])

    tab_to(page, {"tag": "input", "name": "ort"})
    page.keyboard.type("34117")
    submit(page)

    card = page.locator(".responsibility")
    expect(card.get_by_role("heading")).to_have_text("Zuständig für Kassel")
    expect(card).to_contain_text("Stadtverwaltung Kassel")


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(
    page: Page,
) -> None:
    page.goto("/")

    page.keyboard.press("Tab")
    first = focused(page)
    assert first["href"] == "#inhalt", first
    assert first["onPage"], "the skip link must become visible when it has focus"
    assert first["visibleFocus"], first

    page.keyboard.press("Enter")
    expect(page.locator("#inhalt")).to_be_focused()
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "suche", "the next Tab stop is the search field in the content"


def test_an_error_summary_takes_focus_and_leads_to_the_field(page: Page) -> None:
    page.goto("/")
    tab_to(page, {"tag": "input", "name": "q"})
    submit(page)  # nothing typed

    expect(page).to_have_title(re.compile(r"^Fehler: "))
    expect(page.locator("#fehlerliste")).to_be_focused()
    link = tab_to(page, {"tag": "a"})
    assert link["href"] == "#id_q", "the first Tab stop after the summary is its link"
    page.keyboard.press("Enter")
    field = page.locator("#id_q")
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/", id="start"),
        pytest.param("/suche/?q=Personalausweis", id="search-results"),
        pytest.param("/suche/?q=", id="search-empty-error"),
        pytest.param("/leistungen/99108001001000/?ags=06611000", id="service-chosen"),
        pytest.param("/leistungen/99108001001000/?ort=34233", id="service-choice"),
        pytest.param("/orte/06611000/", id="municipality"),
    ],
)
def test_every_tab_stop_shows_where_the_focus_is(page: Page, path: str) -> None:
    page.goto(path)
    page.locator("body").focus()  # the error page moves focus to its summary; start from the top

    stops = all_tab_stops(page)

    hidden = [stop for stop in stops if not stop["visibleFocus"] or not stop["onPage"]]
    assert not hidden, f"Tab stops without a visible focus indicator on {path}: {hidden}"
