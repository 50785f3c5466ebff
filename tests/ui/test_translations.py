"""The English catalogue is complete and compiled, so switching language switches all text."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from django.test import Client

LOCALE = Path(__file__).resolve().parents[2] / "src" / "rathaus" / "locale" / "en" / "LC_MESSAGES"


def _po_entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, first msgstr) pairs of a .po file, continuation lines joined."""
    entries: list[tuple[str, str]] = []
    current: dict[str, str] = {}
    key = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[0] ", "msgstr[1] ")):
            key, _, literal = line.partition(" ")
            current[key] = ast.literal_eval(literal)
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line.strip() and current:
            entries.append(
                (current.get("msgid", ""), current.get("msgstr", current.get("msgstr[0]", "")))
            )
            current, key = {}, ""
    return [entry for entry in entries if entry[0]]


def test_every_message_has_an_english_translation() -> None:
    missing = [msgid for msgid, msgstr in _po_entries(LOCALE / "django.po") if not msgstr]
    assert missing == []


def test_the_compiled_catalogue_matches_the_source() -> None:
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in _po_entries(LOCALE / "django.po"):
        assert compiled.gettext(msgid) == msgstr or compiled.ngettext(msgid, "", 1) == msgstr


@pytest.mark.django_db
def test_a_page_in_english_shows_no_german_interface_text(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/leistungen/99108001001000/", {"ort": "99999"}).content.decode()
    assert "Who is responsible for me?" in html
    assert "We found no municipality in Hessen for “99999”" in html
    assert "Wer ist für mich zuständig?" not in html
