"""Sending an application: once, with a unique reference number, to the responsible office."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rathaus.forms.ownformat import form_from_text
from rathaus.forms.services import form_version_create, form_version_publish
from rathaus.submissions.models import Draft, Submission, SubmissionStatus
from rathaus.submissions.owners import Owner
from rathaus.submissions.selectors import submission_data
from rathaus.submissions.services import draft_save, draft_start
from rathaus.submissions.submitting import reference_next, submission_create
from tests.submissions.journey import GOOD, START, SUBMIT, fill

pytestmark = pytest.mark.django_db


def test_a_complete_form_is_sent_with_a_reference_and_reaches_the_right_office(
    client: Client,
) -> None:
    fill(client)
    check = client.get(START + "pruefen/").content.decode()
    assert "zuständige Stelle für Kassel" in check
    response = client.post(SUBMIT)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    reference = re.search(r'class="reference">(HE-[0-9]+-\d{4}-\d{6})<', page)
    assert reference is not None
    submission = Submission.objects.get(reference=reference.group(1))
    assert submission.authority is not None
    assert submission.authority.name == "Stadtverwaltung Kassel"
    assert reference.group(1).startswith("HE-06611-")  # the kreisfreie Stadt: its Kreis key
    assert "Wie geht es weiter?" in page and "eingegangen" in page
    assert submission.status == SubmissionStatus.RECEIVED
    assert submission_data(submission=submission)["name"] == "Erika Mustermann"
    assert b"Mustermann" not in bytes(submission.sealed_data)
    assert not Draft.objects.filter(pk=submission.draft_id).exists()


def test_a_double_click_or_back_and_resend_gives_one_submission(client: Client) -> None:
    fill(client)
    first = client.post(SUBMIT)["Location"]
    second = client.post(SUBMIT)["Location"]
    assert first == second
    assert Submission.objects.filter(form_version__form__key="sperrmuell_abholung").count() == 1


def test_the_place_is_asked_when_the_service_page_did_not_say_it(client: Client) -> None:
    fill(client, ags=None)
    html = client.post(SUBMIT).content.decode()
    assert "<title>Fehler:" in html and "für welche Gemeinde" in html
    choice = client.post(SUBMIT, {"ort": "34233"}).content.decode()  # Kassel or Fuldatal
    assert 'value="06633009"' in choice and 'value="06611000"' in choice
    response = client.post(SUBMIT, {"ags": "06633009"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.municipality is not None and submission.municipality.name == "Fuldatal"


def test_an_unknown_place_is_refused_and_nothing_is_sent(client: Client) -> None:
    fill(client, ags=None)
    html = client.post(SUBMIT, {"ort": "99999"}).content.decode()
    assert "keine Gemeinde in Hessen" in html
    assert not Submission.objects.exists()


def test_an_incomplete_form_cannot_be_sent(client: Client) -> None:
    client.get(START, {"ags": "06611000"})
    client.post(START + "seite/adresse/", GOOD[START + "seite/adresse/"])
    client.post(SUBMIT)
    assert not Submission.objects.exists()


def test_only_the_sender_sees_the_confirmation(client: Client) -> None:
    fill(client)
    location = client.post(SUBMIT)["Location"]
    assert client.get(location).status_code == 200
    assert Client().get(location).status_code == 404
    assert Client().get("/formulare/eingang/keine-uuid/").status_code == 404


def test_reference_numbers_count_up_per_office_and_year() -> None:
    first = reference_next(scope="06611", year=2026)
    second = reference_next(scope="06611", year=2026)
    other = reference_next(scope="06633009", year=2026)
    assert int(second[-6:]) == int(first[-6:]) + 1
    assert other.startswith("HE-06633009-2026-")
    assert reference_next(scope="06611", year=2027).endswith("-000001")


def test_the_sender_downloads_a_tagged_pdf_a_receipt(client: Client) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    fill(client)
    location = client.post(SUBMIT)["Location"]
    page = client.get(location).content.decode()
    link = re.search(r'href="([^"]+eingangsbestaetigung\.pdf)"', page)
    assert link is not None
    response = client.get(link.group(1))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    text = "".join(p.extract_text() for p in reader.pages)
    reference = Submission.objects.get().reference
    assert reference in text and "Erika Mustermann" in text
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert Client().get(link.group(1)).status_code == 404


def test_a_resend_after_a_lost_response_finds_the_first_submission(client: Client) -> None:
    fill(client)
    first = client.post(SUBMIT)["Location"]
    again = client.post(SUBMIT)  # as if the first response never reached the browser
    assert again.status_code == 302 and again["Location"] == first
    assert Submission.objects.filter(pk=first.rstrip("/").split("/")[-1]).count() == 1


def test_the_submit_path_stays_lean(django_assert_max_num_queries: Any) -> None:
    """Each query costs the citizen's wait and the server's throughput (benchmarks/): this
    pins the count, savepoints of the test's own transaction included, so a new one is a
    decision rather than an accident."""
    first, second = Client(), Client()
    fill(first)
    fill(second)
    # the first application of a process also reads the reference data it then keeps for a
    # minute (form, place, authorities, rules, the form's service, deadline, routing: ADR 0020)
    with django_assert_max_num_queries(30):
        assert first.post(SUBMIT, {"ags": "06611000"}).status_code == 302
    # the session, the draft, the offering; the reference, the submission, its files, the
    # route, outbox and task, the case with its name index and timeline, the draft's resume
    # links and row (no deletion collector); the session: 19
    with django_assert_max_num_queries(19):
        assert second.post(SUBMIT, {"ags": "06611000"}).status_code == 302


FORM_WITHOUT_FILES = """
id: ohne_dateien
title: Ohne Dateien
pages:
  - id: p
    title: Seite
    elements:
      - {id: wunsch, label: Wunsch}
"""
FORM_WITH_A_FILE = FORM_WITHOUT_FILES.replace("ohne_dateien", "mit_foto") + (
    "      - {id: foto, label: Foto, type: file}\n"
)


@pytest.mark.usefixtures("fresh_form_caches")
@pytest.mark.parametrize(
    ("form_text", "file_reads"), [(FORM_WITHOUT_FILES, 0), (FORM_WITH_A_FILE, 1)]
)
def test_the_submit_looks_for_a_drafts_files_only_if_its_form_takes_files(
    form_text: str, file_reads: int
) -> None:
    version = form_version_create(definition=form_from_text(form_text.encode()))
    form_version_publish(version=version)
    owner = Owner.anonymous(Owner.new_anonymous_token())
    answers = {"wunsch": "Abholung am Vormittag"}
    draft = draft_save(
        draft=draft_start(form_version=version, owner=owner), answers=answers, page="p"
    )
    with CaptureQueriesContext(connection) as queries:
        submission, created = submission_create(
            draft=draft, data=answers, authority=None, municipality=None
        )
    assert created and submission_data(submission=submission) == answers
    assert not Draft.objects.filter(pk=draft.pk).exists()
    on_files = [q["sql"] for q in queries.captured_queries if "submissions_attachment" in q["sql"]]
    assert len(on_files) == file_reads
