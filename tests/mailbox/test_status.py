"""The status monitor: every application of the person with its service's steps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from lxml import html

from rathaus.authorities.models import Authority
from rathaus.catalog.models import Service
from rathaus.identity.models import Citizen
from rathaus.mailbox.files import IncomingFile
from rathaus.mailbox.models import Step, StepSequence
from rathaus.mailbox.services import (
    MailboxRefused,
    decision_send,
    question_answer,
    question_send,
    submission_step_set,
)
from rathaus.submissions.delivery.outbox import delivery_attempt
from rathaus.submissions.models import Submission
from tests.submissions.files import pdf_bytes
from tests.submissions.journey import send

pytestmark = pytest.mark.django_db


def steps(client: Client, submission: Submission) -> list[tuple[str, str | None]]:
    """(text, aria-current) of each step of one application on the status page."""
    response = client.get("/postfach/status/")
    assert response.status_code == 200
    document = html.fromstring(response.content.decode())
    card = document.get_element_by_id(f"antrag-{submission.pk}")
    return [
        (" ".join(item.text_content().split()), item.get("aria-current"))
        for item in card.findall(".//ol/li")
    ]


def test_a_new_application_stands_at_the_first_step(browser: Client) -> None:
    submission = send(browser)
    assert steps(browser, submission) == [
        ("Eingegangen: aktueller Schritt", "step"),
        ("An die Behörde übermittelt: noch offen", None),
        ("In Bearbeitung: noch offen", None),
        ("Entschieden: noch offen", None),
    ]


def test_the_delivery_moves_it_on(browser: Client) -> None:
    submission = send(browser)
    delivery_attempt(submission.deliveries.get().pk)
    assert steps(browser, submission)[:2] == [
        ("Eingegangen: erledigt", None),
        ("An die Behörde übermittelt: aktueller Schritt", "step"),
    ]


def test_a_question_shows_as_a_step_and_the_answer_moves_on(
    browser: Client, citizen: Citizen, authority: Authority
) -> None:
    submission = send(browser)
    question = question_send(
        recipient=citizen.user,
        authority=authority,
        subject="Rückfrage",
        body="Bitte ein Foto.",
        answer_due=date.today() + timedelta(days=7),
        submission=submission,
    )
    current = [text for text, mark in steps(browser, submission) if mark == "step"]
    assert current == ["Rückfrage: aktueller Schritt"]
    question_answer(question=question, user=citizen.user, text="Foto folgt.")
    shown = steps(browser, submission)
    assert ("Rückfrage: erledigt", None) in shown
    assert ("In Bearbeitung: aktueller Schritt", "step") in shown
    decision_send(
        recipient=citizen.user,
        authority=authority,
        subject="Bescheid",
        body="Text",
        pdf=IncomingFile("Bescheid.pdf", pdf_bytes()),
        submission=submission,
    )
    assert steps(browser, submission)[-1] == ("Entschieden: aktueller Schritt", "step")


def test_a_service_with_its_own_steps_shows_them(browser: Client) -> None:
    submission = send(browser)
    service = Service.objects.get(pk=submission.form_version.form.service_id)
    sequence = StepSequence.objects.create(service=service)
    for position, (key, label) in enumerate(
        [("received", "Angekommen"), ("termin", "Abholtermin vereinbart"), ("decided", "Erledigt")]
    ):
        Step.objects.create(
            sequence=sequence, position=position, key=key, label_de=label, label_en=label
        )
    assert [text for text, _ in steps(browser, submission)] == [
        "Angekommen: aktueller Schritt",
        "Abholtermin vereinbart: noch offen",
        "Erledigt: noch offen",
    ]
    submission_step_set(submission=submission, step_key="termin")
    assert steps(browser, submission)[1] == ("Abholtermin vereinbart: aktueller Schritt", "step")
    with pytest.raises(MailboxRefused, match="step"):
        submission_step_set(submission=submission, step_key="processing")


def test_the_monitor_shows_only_the_persons_own_applications(
    browser: Client, other_citizen: Citizen
) -> None:
    mine = send(browser)
    stranger = Client()
    stranger.force_login(other_citizen.user)
    theirs = send(stranger)
    page = browser.get("/postfach/status/").content.decode()
    assert mine.reference in page and theirs.reference not in page
    other_page = stranger.get("/postfach/status/").content.decode()
    assert theirs.reference in other_page and mine.reference not in other_page


def test_without_applications_the_monitor_says_so(browser: Client) -> None:
    assert "noch keinen Antrag" in browser.get("/postfach/status/").content.decode()


def test_my_applications_link_to_the_steps_when_logged_in(browser: Client) -> None:
    submission = send(browser)
    page = html.fromstring(browser.get("/formulare/meine-antraege/").content.decode())
    links = [a.get("href") for a in page.iter("a") if "Alle Schritte" in a.text_content()]
    assert links == [f"/postfach/status/#antrag-{submission.pk}"]
    anonymous = Client()
    send(anonymous)
    assert "Alle Schritte" not in anonymous.get("/formulare/meine-antraege/").content.decode()
