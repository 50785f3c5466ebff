"""Questions to the applicant from the case view: into the Postfach with a due date, the case
waits; the person's answer (text and files) comes back into the case, which moves on.
Refusals change nothing; every read of the applicant's data in the back office is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rathaus.audit.models import AuditEntry
from rathaus.authorities.models import Authority, StaffRole
from rathaus.casework.models import Case, CaseEvent, CaseStatus, DecisionTemplate
from rathaus.forms.models import FormVersion
from rathaus.identity.models import Citizen
from rathaus.mailbox.models import MailboxFile, Message, MessageKind, StatusChange
from rathaus.submissions.owners import Owner
from rathaus.submissions.services import draft_start
from rathaus.submissions.submitting import submission_create
from tests.authorities.conftest import staff_member
from tests.casework.conftest import ANSWERS, HUNDESTEUER
from tests.identity.people import citizen_client, citizen_create
from tests.staff import staff_client
from tests.submissions.files import png_bytes

pytestmark = pytest.mark.django_db
QUESTION = "Bitte senden Sie uns ein Foto der Steuermarke Ihres bisherigen Wohnorts."


def _send(authority: Authority, owner: Owner) -> Case:
    version = FormVersion.objects.get(form__service__leika_key=HUNDESTEUER, status="published")
    draft = draft_start(form_version=version, owner=owner)
    sent, _ = submission_create(
        draft=draft, data=ANSWERS, authority=authority, municipality=authority.region
    )
    return Case.objects.get(submission=sent)


@pytest.fixture
def person(db: None) -> Citizen:
    return citizen_create()


@pytest.fixture
def case(authority: Authority, person: Citizen) -> Case:
    return _send(authority, Owner.user(person.user_id))


@pytest.fixture
def worker(case: Case) -> Client:
    return staff_client(staff_member("bearbeitung", case.authority, StaffRole.CASEWORKER))


def _ask(client: Client, case: Case, text: str = QUESTION, days: int = 14) -> object:
    due = (timezone.localdate() + timedelta(days=days)).isoformat()
    return client.post(reverse("casework:ask", args=[case.pk]), {"text": text, "answer_due": due})


def _kinds(case: Case) -> list[str]:
    return list(
        CaseEvent.objects.filter(case=case).order_by("at", "pk").values_list("kind", flat=True)
    )


def test_a_question_goes_to_the_postfach_and_the_case_waits(case: Case, worker: Client) -> None:
    response = _ask(worker, case)
    assert response.status_code == 302  # type: ignore[attr-defined]
    question = Message.objects.get(kind=MessageKind.QUESTION)
    assert question.recipient_user_id == case.submission.owner_user_id
    assert question.submission_id == case.submission_id
    assert question.answer_due == timezone.localdate() + timedelta(days=14)
    case.refresh_from_db()
    assert case.status == CaseStatus.WAITING
    assert _kinds(case)[-2:] == ["status", "question"]
    # the citizen's status monitor shows the step once, not once per app that knows of it
    steps = StatusChange.objects.filter(submission=case.submission, step_key="question")
    assert steps.count() == 1
    entry = AuditEntry.objects.get(object_id=str(case.pk), action="send")
    assert entry.reason == "Rückfrage"
    page = worker.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert QUESTION in page and "Noch nicht beantwortet." in page


def test_the_answer_with_its_file_comes_back_into_the_case(
    case: Case, worker: Client, person: Citizen
) -> None:
    _ask(worker, case)
    question = Message.objects.get(kind=MessageKind.QUESTION)
    photo = SimpleUploadedFile("steuermarke.png", png_bytes(), content_type="image/png")
    citizen = citizen_client(person)
    answer_url = reverse("mailbox:answer", args=[question.pk])
    reply = citizen.post(answer_url, {"antwort": "Anbei das Foto der Marke.", "dateien": photo})
    assert reply.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS  # the case moves on
    answered = CaseEvent.objects.get(case=case, kind="answered")
    assert answered.details["before"] == "waiting" and answered.actor is None
    page = worker.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "Anbei das Foto der Marke." in page and "steuermarke.png" in page
    stored = MailboxFile.objects.get(answer__question=question)
    download = worker.get(reverse("casework:answer_file", args=[case.pk, stored.pk]))
    assert download.status_code == 200 and download.content == png_bytes()
    assert download["Content-Type"] == "application/octet-stream"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    shown = worker.get(reverse("casework:answer_file", args=[case.pk, stored.pk]) + "?anzeigen=1")
    assert shown["Content-Type"] == "image/png" and "sandbox" in shown["Content-Security-Policy"]
    assert AuditEntry.objects.filter(
        action="read", object_type="mailbox.MailboxFile", object_id=str(stored.pk)
    ).exists()


@pytest.mark.parametrize(
    ("text", "days", "words"),
    [
        ("", 14, "Bitte schreiben Sie Ihre Frage."),
        ("x" * 5001, 14, "höchstens 5000 Zeichen"),
        (QUESTION, -1, "nicht in der Vergangenheit"),
    ],
)
def test_a_bad_question_is_refused_clearly_and_changes_nothing(
    case: Case, worker: Client, text: str, days: int, words: str
) -> None:
    response = _ask(worker, case, text=text, days=days)
    assert response.status_code == 400  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert words in body and 'aria-invalid="true"' in body
    assert body.count("<title>Fehler:") == 1
    assert not Message.objects.exists()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.NEW
    assert "question" not in _kinds(case)


def test_a_date_that_is_no_date_is_refused(case: Case, worker: Client) -> None:
    url = reverse("casework:ask", args=[case.pk])
    response = worker.post(url, {"text": QUESTION, "answer_due": "morgen"})
    assert response.status_code == 400 and "gültiges Datum" in response.content.decode()
    assert not Message.objects.exists()


def test_a_closed_case_asks_nothing(case: Case, worker: Client, template: DecisionTemplate) -> None:
    decide = reverse("casework:decide", args=[case.pk])
    worker.post(decide, {"vorlage": template.pk, "ergebnis": "approved", "begruendung": "Gut."})
    response = _ask(worker, case)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "bereits entschieden" in response.content.decode()  # type: ignore[attr-defined]
    assert not Message.objects.filter(kind=MessageKind.QUESTION).exists()


def test_without_an_account_there_is_no_postfach_to_ask(authority: Authority) -> None:
    case = _send(authority, Owner.anonymous(Owner.new_anonymous_token()))
    worker = staff_client(staff_member("bearbeitung", authority, StaffRole.CASEWORKER))
    response = _ask(worker, case)
    assert "kein Postfach" in response.content.decode()  # type: ignore[attr-defined]
    assert not Message.objects.exists()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.NEW


def test_readers_and_other_authorities_cannot_ask(case: Case) -> None:
    reader = staff_client(staff_member("lesen", case.authority, StaffRole.READER))
    assert _ask(reader, case).status_code == 403  # type: ignore[attr-defined]
    kassel = Authority.objects.get(name="Stadtverwaltung Kassel")
    stranger = staff_client(staff_member("fremd", kassel, StaffRole.CASEWORKER))
    assert _ask(stranger, case).status_code == 404  # type: ignore[attr-defined]
    assert not Message.objects.exists()


def test_a_file_of_another_case_is_not_found(
    case: Case, worker: Client, person: Citizen, authority: Authority
) -> None:
    _ask(worker, case)
    question = Message.objects.get(kind=MessageKind.QUESTION)
    photo = SimpleUploadedFile("marke.png", png_bytes(), content_type="image/png")
    citizen_client(person).post(
        reverse("mailbox:answer", args=[question.pk]), {"antwort": "Anbei.", "dateien": photo}
    )
    stored = MailboxFile.objects.get(answer__question=question)
    other = _send(authority, Owner.user(citizen_create("BUNDIDSIM-U02").user_id))
    for file_id in (str(stored.pk), "kein-uuid"):
        url = reverse("casework:answer_file", args=[other.pk, file_id])
        assert worker.get(url).status_code == 404


def test_opening_a_case_and_a_worklist_is_on_the_audit_trail(case: Case, worker: Client) -> None:
    worker.get(reverse("casework:case", args=[case.pk]))
    entry = AuditEntry.objects.get(
        action="read", object_type="casework.Case", object_id=str(case.pk)
    )
    assert entry.authority_id == case.authority_id and entry.details == {"view": "case"}
    worker.get(reverse("casework:worklist"))
    listed = AuditEntry.objects.get(action="read", object_type="casework.Case", object_id="")
    assert listed.details["ids"] == [str(case.pk)]
