"""Deciding a case in the back office: the Bescheid goes to the applicant's Postfach with
fetch receipt, the case closes with its result; once only; reopening needs a reason; both
audited; readers and other authorities change nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rathaus.audit.models import AuditEntry
from rathaus.authorities.models import Authority, StaffRole
from rathaus.casework.models import Case, CaseStatus, DecisionTemplate
from rathaus.forms.models import FormVersion
from rathaus.identity.models import Citizen
from rathaus.mailbox.models import MailboxFile, Message, MessageKind
from rathaus.submissions.models import Submission
from rathaus.submissions.owners import Owner
from rathaus.submissions.services import draft_start
from rathaus.submissions.submitting import submission_create
from tests.authorities.conftest import staff_member
from tests.casework.conftest import ANSWERS, HUNDESTEUER
from tests.identity.people import citizen_client, citizen_create
from tests.staff import staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(authority: Authority, template: DecisionTemplate) -> Case:
    """A Hundesteuer application by a logged-in citizen (who has a Postfach)."""
    person = citizen_create()
    version = FormVersion.objects.get(form__service__leika_key=HUNDESTEUER, status="published")
    draft = draft_start(form_version=version, owner=Owner.user(person.user_id))
    sent, _ = submission_create(
        draft=draft, data=ANSWERS, authority=authority, municipality=authority.region
    )
    return Case.objects.get(submission=sent)


def _decide(client: Client, case: Case, template: DecisionTemplate, **extra: str) -> object:
    data = {
        "vorlage": str(template.pk),
        "ergebnis": "approved",
        "begruendung": "Alles vollständig.",
    }
    return client.post(reverse("casework:decide", args=[case.pk]), {**data, **extra})


def test_a_decision_reaches_the_postfach_and_closes_the_case(
    case: Case, template: DecisionTemplate
) -> None:
    worker = staff_client(staff_member("bearbeitung", case.authority, StaffRole.CASEWORKER))
    assert _decide(worker, case, template).status_code == 302  # type: ignore[attr-defined]
    case.refresh_from_db()
    assert (case.status, case.result) == (CaseStatus.CLOSED, "approved")
    message = Message.objects.get(kind=MessageKind.DECISION)
    assert message.recipient_user_id == case.submission.owner_user_id
    assert MailboxFile.objects.get(message=message).content_type == "application/pdf"
    assert Submission.objects.get(pk=case.submission_id).status == "closed"
    assert AuditEntry.objects.filter(object_id=str(case.pk), action="send").exists()
    page = worker.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "noch nicht abgerufen" in page
    owner = Citizen.objects.get(user_id=case.submission.owner_user_id)
    citizen_client(owner).post(reverse("mailbox:open", args=[message.pk]))
    page = worker.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "abgerufen am" in page and "noch nicht abgerufen" not in page
    again = _decide(worker, case, template)
    assert again.status_code == 400  # type: ignore[attr-defined]
    assert "bereits entschieden" in again.content.decode()  # type: ignore[attr-defined]
    assert Message.objects.count() == 1


def test_reopening_needs_a_reason_which_the_audit_keeps(
    case: Case, template: DecisionTemplate
) -> None:
    worker = staff_client(staff_member("bearbeitung", case.authority, StaffRole.CASEWORKER))
    _decide(worker, case, template)
    reopen = reverse("casework:reopen", args=[case.pk])
    assert worker.post(reopen, {"grund": "  "}).status_code == 400
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    assert worker.post(reopen, {"grund": "Widerspruch eingegangen"}).status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_PROGRESS
    entry = AuditEntry.objects.get(object_id=str(case.pk), action="change")
    assert entry.reason == "Widerspruch eingegangen"


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"begruendung": ""}, "Begründung"),
        ({"ergebnis": "vielleicht"}, "Ergebnis gibt es nicht"),
        ({"vorlage": "999999"}, "Vorlage gibt es"),
    ],
)
def test_bad_input_is_refused_clearly_and_changes_nothing(
    case: Case, template: DecisionTemplate, extra: dict[str, str], words: str
) -> None:
    worker = staff_client(staff_member("bearbeitung", case.authority, StaffRole.CASEWORKER))
    response = _decide(worker, case, template, **extra)
    assert response.status_code == 400 and words in response.content.decode()  # type: ignore[attr-defined]
    assert Case.objects.get(pk=case.pk).status == CaseStatus.NEW
    assert not Message.objects.exists()


def test_without_an_account_there_is_no_postfach_and_nothing_is_sent(
    authority: Authority, template: DecisionTemplate
) -> None:
    version = FormVersion.objects.get(form__service__leika_key=HUNDESTEUER, status="published")
    draft = draft_start(form_version=version, owner=Owner.anonymous(Owner.new_anonymous_token()))
    sent, _ = submission_create(
        draft=draft, data=ANSWERS, authority=authority, municipality=authority.region
    )
    case = Case.objects.get(submission=sent)
    worker = staff_client(staff_member("bearbeitung", authority, StaffRole.CASEWORKER))
    response = _decide(worker, case, template)
    assert "kein Postfach" in response.content.decode()  # type: ignore[attr-defined]
    assert Case.objects.get(pk=case.pk).status == CaseStatus.NEW


def test_readers_and_other_authorities_cannot_decide(
    case: Case, template: DecisionTemplate
) -> None:
    reader = staff_client(staff_member("lesen", case.authority, StaffRole.READER))
    assert _decide(reader, case, template).status_code == 403  # type: ignore[attr-defined]
    kassel = Authority.objects.get(name="Stadtverwaltung Kassel")
    stranger = staff_client(staff_member("fremd", kassel, StaffRole.CASEWORKER))
    assert _decide(stranger, case, template).status_code == 404  # type: ignore[attr-defined]
    assert Case.objects.get(pk=case.pk).status == CaseStatus.NEW
    assert not Message.objects.exists()
