"""The case page: the answers laid out like the form, files downloaded safely, the timeline,
notes, status changes with the citizen's text; bad input gets a clear page and changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from rathaus.authorities.models import Authority
from rathaus.casework.models import Case, CaseNote
from rathaus.mailbox.models import StatusChange
from tests.casework.cases import case_of, send, worker
from tests.staff import staff_client
from tests.submissions import journey
from tests.submissions.files import pdf_bytes, png_bytes
from tests.submissions.test_attachments import FOTOS, _upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def kassel(db: None) -> Authority:
    return Authority.objects.get(name="Stadtverwaltung Kassel")


@pytest.fixture
def alice(kassel: Authority) -> User:
    return worker("alice", kassel)


@pytest.fixture
def client(alice: User) -> Client:
    return staff_client(alice)


def test_the_case_shows_the_answers_like_the_form_and_the_applicant(
    kassel: Authority, client: Client
) -> None:
    case = case_of(send(kassel, given="Jörg", family="Neumann"))
    html = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "Jörg Neumann" in html and "Bello" in html and "Dackel" in html
    assert "Vorgang angelegt" in html  # the timeline
    assert "In Bearbeitung" in html  # the citizen's step shown beside the status choice


def test_take_it_change_status_and_add_a_note_all_on_the_timeline(
    kassel: Authority, alice: User, client: Client
) -> None:
    case = case_of(send(kassel))
    url = reverse("casework:case", args=[case.pk])
    assert (
        client.post(reverse("casework:assign", args=[case.pk]), {"assignee": alice.pk}).status_code
        == 302
    )
    assert (
        client.post(
            reverse("casework:status", args=[case.pk]), {"status": "in_progress"}
        ).status_code
        == 302
    )
    note = {"text": "Nachweis liegt vor"}
    assert client.post(reverse("casework:note", args=[case.pk]), note).status_code == 302
    case.refresh_from_db()
    assert case.assignee == alice and case.status == "in_progress"
    assert StatusChange.objects.filter(submission=case.submission, step_key="processing").exists()
    html = client.get(url).content.decode()
    assert "Nachweis liegt vor" in html
    for text in ("zugewiesen", "Stand geändert", "Notiz hinzugefügt"):
        assert text in html


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("casework:assign", {"assignee": "abc"}),
        ("casework:assign", {"assignee": "999999"}),
        ("casework:status", {"status": "erfunden"}),
        ("casework:note", {"text": ""}),
        ("casework:note", {"text": "x" * 5001}),
    ],
)
def test_bad_input_gets_a_clear_page_and_changes_nothing(
    kassel: Authority, client: Client, name: str, data: dict[str, str]
) -> None:
    case = case_of(send(kassel))
    response = client.post(reverse(name, args=[case.pk]), data)
    assert response.status_code == 400
    assert "Fehler" in response.content.decode()
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.assignee_id, fresh.status, fresh.events.count()) == (None, "new", 1)
    assert not CaseNote.objects.exists()


def test_a_colleague_of_another_authority_cannot_be_assigned(
    kassel: Authority, client: Client
) -> None:
    case = case_of(send(kassel))
    stranger = worker("fremd-ffm", Authority.objects.get(name="Stadtverwaltung Frankfurt am Main"))
    response = client.post(reverse("casework:assign", args=[case.pk]), {"assignee": stranger.pk})
    assert response.status_code == 400 and "Kollegen Ihrer Behörde" in response.content.decode()
    assert Case.objects.get(pk=case.pk).assignee is None


def test_attachments_download_safely_and_show_inline_only_sandboxed(kassel: Authority) -> None:
    photo, plan = png_bytes(), pdf_bytes()
    journey.GOOD[FOTOS] = {
        **journey.GOOD[FOTOS],
        "fotos": [_upload("sofa.png", photo, "image/png"), _upload("plan.pdf", plan)],
    }
    try:
        submission = journey.send(Client())
    finally:
        journey.GOOD[FOTOS] = {k: v for k, v in journey.GOOD[FOTOS].items() if k != "fotos"}
    case = case_of(submission)
    client = staff_client(worker("alice", kassel))
    html = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "sofa.png" in html and "plan.pdf" in html
    file = submission.attachments.get(name="plan.pdf")
    url = reverse("casework:attachment", args=[case.pk, file.pk])
    download = client.get(url)
    assert download.content == plan
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/octet-stream"
    shown = client.get(url + "?anzeigen=1")
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["Content-Type"] == "application/pdf"
    assert shown["Content-Security-Policy"].startswith("sandbox")
    assert "script-src" not in shown["Content-Security-Policy"]
    other = send(Authority.objects.get(name="Stadtverwaltung Frankfurt am Main"))
    assert (
        client.get(reverse("casework:attachment", args=[case_of(other).pk, file.pk])).status_code
        == 404
    )
