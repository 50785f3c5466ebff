"""The Postfach pages: login, list, message, opening a decision, files, answering."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from lxml import html

from rathaus.identity.models import Citizen
from rathaus.mailbox.models import Answer, FetchReceipt, MailboxFile, Message
from tests.mailbox.conftest import SUBJECT
from tests.submissions.files import EICAR, png_bytes

pytestmark = pytest.mark.django_db


def url(message: Message, tail: str = "") -> str:
    return f"/postfach/nachricht/{message.pk}/{tail}"


def text(response: object) -> str:
    return html.fromstring(response.content.decode()).text_content()  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/postfach/", "/postfach/status/", "/postfach/nachricht/x/"])
def test_the_postfach_asks_for_a_login_and_comes_back(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/anmelden/?next={path}"


def test_an_empty_postfach_says_so(browser: Client) -> None:
    response = browser.get("/postfach/")
    assert response.status_code == 200
    assert "Ihr Postfach ist leer" in text(response)
    assert response["Cache-Control"].startswith("max-age=0")  # never kept in a shared cache


def test_the_list_shows_kind_sender_date_and_unread(
    browser: Client, message: Message, decision: Message
) -> None:
    page = text(browser.get("/postfach/"))
    assert SUBJECT in page and "Bescheid über Ihren Antrag" in page
    assert "Ungelesen:" in page and "Neu – noch nicht geöffnet" in page
    assert "Stadtverwaltung Kassel" in page and "Nachricht" in page and "Bescheid" in page
    assert "Postfach (2 ungelesen)" in page  # the header link counts them


def test_reading_a_message_marks_it_read(browser: Client, message: Message) -> None:
    page = text(browser.get(url(message)))
    assert SUBJECT in page and "Vertraulich: Wohnung 3. Stock links." in page
    assert Message.objects.get(pk=message.pk).read_at is not None
    assert "Postfach (1 ungelesen)" not in text(browser.get("/postfach/"))


def test_a_decision_is_opened_only_by_its_button(browser: Client, decision: Message) -> None:
    first = browser.get(url(decision))
    assert "Bescheid öffnen" in text(first) and "Vertraulich" not in text(first)
    file = MailboxFile.objects.get(message=decision)
    # neither the page nor its file (a prefetcher, a guessed link) records anything
    assert browser.get(url(decision, f"datei/{file.pk}/")).status_code == 302
    assert browser.get(url(decision, "oeffnen/")).status_code == 405
    assert not FetchReceipt.objects.exists()
    assert Message.objects.get(pk=decision.pk).read_at is None

    opened = browser.post(url(decision, "oeffnen/"))
    assert opened.status_code == 302 and opened["Location"] == url(decision)
    receipt = FetchReceipt.objects.get(message=decision)
    page = text(browser.get(url(decision)))
    assert "Vertraulich" in page and "Geöffnet am" in page
    assert receipt.opened_at.astimezone().strftime("%d.%m.%Y") in page
    browser.post(url(decision, "oeffnen/"))  # again: the first moment stays
    assert FetchReceipt.objects.get(message=decision).opened_at == receipt.opened_at

    download = browser.get(url(decision, f"datei/{file.pk}/"))
    assert download.status_code == 200
    assert hashlib.sha512(download.content).hexdigest() == file.sha512
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"  # the stored type, never sniffed


@pytest.mark.parametrize("tail", ["", "oeffnen/", "antwort/"])
def test_someone_elses_message_is_not_found_and_nothing_is_recorded(
    decision: Message, question: Message, other_citizen: Citizen, tail: str
) -> None:
    stranger = Client()
    stranger.force_login(other_citizen.user)
    for target in (decision, question):
        method = stranger.get if tail == "" else stranger.post
        response = method(url(target, tail), {"antwort": "Ich bin es nicht"})
        assert response.status_code == 404
        assert "Seite nicht gefunden" in response.content.decode()
    assert not FetchReceipt.objects.exists() and not Answer.objects.exists()
    assert not Message.objects.filter(read_at__isnull=False).exists()


@pytest.mark.parametrize(
    "message_id",
    ["123", "nicht-da", "6f1c2b7e-3d4a-4c5b-9e8f-0a1b2c3d4e5f", "%27%20OR%201%3D1", "9" * 300],
)
def test_a_forged_or_malformed_id_is_not_found(
    browser: Client, decision: Message, message_id: str
) -> None:
    assert browser.get(f"/postfach/nachricht/{message_id}/").status_code == 404
    assert browser.post(f"/postfach/nachricht/{message_id}/oeffnen/").status_code == 404
    file = MailboxFile.objects.get(message=decision)
    assert browser.get(f"/postfach/nachricht/{message_id}/datei/{file.pk}/").status_code == 404
    assert not FetchReceipt.objects.exists()


def test_a_file_is_served_only_with_its_own_message(
    browser: Client, message: Message, decision: Message, other_citizen: Citizen
) -> None:
    file = MailboxFile.objects.get(message=decision)
    assert browser.get(url(message, f"datei/{file.pk}/")).status_code == 404
    assert browser.get(url(decision, "datei/kein-uuid/")).status_code == 404
    stranger = Client()
    stranger.force_login(other_citizen.user)
    browser.post(url(decision, "oeffnen/"))
    assert stranger.get(url(decision, f"datei/{file.pk}/")).status_code == 404
    assert browser.get(url(decision, f"datei/{file.pk}/")).status_code == 200


def test_an_answer_with_a_file_is_taken_once(browser: Client, question: Message) -> None:
    page = text(browser.get(url(question)))
    assert "Antwort erbeten bis" in page and "Antwort senden" in page
    upload = {"antwort": "Hier das Foto.", "dateien": _file("sofa.jpg", png_bytes())}
    response = browser.post(url(question, "antwort/"), upload)
    assert response.status_code == 302 and response["Location"] == url(question)
    answer = Answer.objects.get(question=question)
    (stored,) = MailboxFile.objects.filter(answer=answer)
    assert stored.content_type == "image/png"  # sniffed from the bytes, not the name
    page = text(browser.get(url(question)))
    assert "Beantwortet am" in page and "Hier das Foto." in page and "Antwort senden" not in page
    again = browser.post(url(question, "antwort/"), {"antwort": "Noch einmal"})
    assert again.status_code == 302
    assert Answer.objects.count() == 1
    assert browser.get(url(question, f"datei/{stored.pk}/")).content == png_bytes()


def test_an_empty_answer_shows_the_error_summary(browser: Client, question: Message) -> None:
    response = browser.post(url(question, "antwort/"), {"antwort": "  "})
    assert response.status_code == 200
    document = html.fromstring(response.content.decode())
    assert document.findtext(".//title").startswith("Fehler:")
    summary = document.get_element_by_id("fehlerliste")
    link = summary.find(".//a")
    assert link.get("href") == "#feld-antwort" and "Bitte schreiben Sie Ihre Antwort" in link.text
    assert document.get_element_by_id("feld-antwort").get("aria-invalid") == "true"
    assert not Answer.objects.exists()


def test_a_file_of_the_wrong_kind_is_refused_with_the_text_kept(
    browser: Client, question: Message
) -> None:
    upload = {"antwort": "Mein Text bleibt.", "dateien": _file("brief.pdf", b"kein PDF, nur Text")}
    response = browser.post(url(question, "antwort/"), upload)
    assert response.status_code == 200
    document = html.fromstring(response.content.decode())
    summary = document.get_element_by_id("fehlerliste").text_content()
    assert "brief.pdf" in summary and "keine erlaubte Datei" in summary
    assert document.get_element_by_id("feld-antwort").text == "Mein Text bleibt."
    assert not Answer.objects.exists() and not MailboxFile.objects.exists()


def test_malware_is_refused_when_a_scanner_is_configured(
    browser: Client, question: Message, clamd_scanning: object
) -> None:
    upload = {"antwort": "Anbei", "dateien": _file("rechnung.pdf", EICAR)}
    response = browser.post(url(question, "antwort/"), upload)
    assert response.status_code == 200
    assert "Schadsoftware" in text(response)
    assert not Answer.objects.exists() and not MailboxFile.objects.exists()
    clean = {"antwort": "Anbei", "dateien": _file("foto.png", png_bytes())}
    assert browser.post(url(question, "antwort/"), clean).status_code == 302
    assert MailboxFile.objects.get(answer__question=question).scan_result == "clean"


def test_a_forged_csrf_token_changes_nothing(citizen: Citizen, decision: Message) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(citizen.user)
    assert strict.post(url(decision, "oeffnen/")).status_code == 403
    assert not FetchReceipt.objects.exists()


def test_the_pages_speak_english(browser: Client, question: Message) -> None:
    browser.cookies["django_language"] = "en"
    assert "Your answer" in text(browser.get(url(question)))
    assert "Messages" in text(browser.get("/postfach/"))


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_an_answer_without_the_csrf_token_is_refused(citizen: Citizen, question: Message) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(citizen.user)
    response = strict.post(url(question, "antwort/"), {"antwort": "Anbei"})
    assert response.status_code == 403 and b"CSRF" in response.content
    assert not Answer.objects.exists()
