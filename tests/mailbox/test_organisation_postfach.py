"""An organisation's Postfach: every member reads it, those who may act answer, the notice
goes to them in blind copy, and a message about an organisation's application goes there."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from rathaus.authorities.models import Authority
from rathaus.identity.models import Organisation, OrganisationMembership
from rathaus.identity.organisations.services import OrganisationDetails, organisation_create
from rathaus.mailbox.files import IncomingFile
from rathaus.mailbox.models import Answer, FetchReceipt, Message
from rathaus.mailbox.notice import notice_send
from rathaus.mailbox.refusals import MailboxRefused
from rathaus.mailbox.services import decision_send, message_send, question_send
from rathaus.submissions.models import Submission
from tests.identity.people import citizen_client, citizen_create
from tests.smtp import Mailbox
from tests.submissions.files import pdf_bytes
from tests.submissions.journey import SUBMIT, fill

pytestmark = pytest.mark.django_db

PAGE = "/postfach/nachricht/{}/"


@pytest.fixture
def kassel() -> Authority:
    return Authority.objects.get(name="Stadtverwaltung Kassel")


@pytest.fixture
def business() -> Organisation:
    owner = citizen_create(email="inhaberin@example.com")
    organisation = organisation_create(
        details=OrganisationDetails(name="Tischlerei Beispiel GmbH", kind="business"),
        created_by=owner.user,
        owner=owner.user,
    )
    member = citizen_create(bpk2="BUNDIDSIM-U02", surname="Schmidt", email="m@example.com")
    reader = citizen_create(bpk2="BUNDIDSIM-U03", surname="Weber", email="lesen@example.com")
    OrganisationMembership.objects.create(
        organisation=organisation, user=member.user, role="member"
    )
    OrganisationMembership.objects.create(
        organisation=organisation, user=reader.user, role="reader"
    )
    return organisation


def _member(organisation: Organisation, role: str) -> Client:
    membership = OrganisationMembership.objects.filter(organisation=organisation, role=role)
    return citizen_client(membership.first().user.citizen)  # type: ignore[union-attr]


def test_every_member_reads_the_organisations_messages_and_outsiders_do_not(
    business: Organisation, kassel: Authority
) -> None:
    sent = message_send(recipient=business, authority=kassel, subject="Hinweis", body="Text")
    for role in ("owner", "member", "reader"):
        page = _member(business, role).get(PAGE.format(sent.pk))
        assert page.status_code == 200 and "Tischlerei Beispiel GmbH" in page.content.decode()
    assert (
        "an Tischlerei Beispiel GmbH"
        in _member(business, "reader").get("/postfach/").content.decode()
    )
    stranger = citizen_client(citizen_create(bpk2="BUNDIDSIM-U04", surname="Kleinschmidt"))
    assert stranger.get(PAGE.format(sent.pk)).status_code == 404


def test_a_reader_may_not_answer_a_member_may(business: Organisation, kassel: Authority) -> None:
    question = question_send(
        recipient=business,
        authority=kassel,
        subject="Rückfrage",
        body="Bitte Nachweis",
        answer_due=date.today() + timedelta(days=7),
    )
    reader = _member(business, "reader")
    assert (
        "Antworten kann, wer für die Organisation handeln darf"
        in reader.get(PAGE.format(question.pk)).content.decode()
    )
    refused = reader.post(PAGE.format(question.pk) + "antwort/", {"antwort": "Anbei"})
    assert refused.status_code == 200 and not Answer.objects.exists()
    member = _member(business, "member")
    assert (
        member.post(PAGE.format(question.pk) + "antwort/", {"antwort": "Anbei"}).status_code == 302
    )
    assert Answer.objects.get().question_id == question.pk


def test_a_readers_first_opening_is_the_fetch_receipt(
    business: Organisation, kassel: Authority
) -> None:
    decision = decision_send(
        recipient=business,
        authority=kassel,
        subject="Bescheid",
        body="Genehmigt",
        pdf=IncomingFile("Bescheid.pdf", pdf_bytes()),
    )
    reader = _member(business, "reader")
    assert reader.post(PAGE.format(decision.pk) + "oeffnen/").status_code == 302
    receipt = FetchReceipt.objects.get(message=decision)
    assert (
        receipt.opened_by_user_id
        == OrganisationMembership.objects.get(organisation=business, role="reader").user_id
    )


def test_the_notice_goes_to_those_who_may_act_in_blind_copy(
    business: Organisation, kassel: Authority, smtp_server: Mailbox
) -> None:
    sent = message_send(recipient=business, authority=kassel, subject="Hinweis", body="Text")
    assert notice_send(message_id=sent.pk)
    assert smtp_server.recipients == [["inhaberin@example.com", "m@example.com"]]
    assert "inhaberin@example.com" not in smtp_server.messages[0].get("To", "")


def test_a_message_about_an_organisations_application_goes_to_the_organisation(
    business: Organisation, kassel: Authority
) -> None:
    owner = _member(business, "owner")
    owner.post("/organisationen/handeln/", {"organisation": str(business.pk)})
    fill(owner)
    owner.post(SUBMIT, {"ags": "06611000"})
    submission = Submission.objects.get()
    person = OrganisationMembership.objects.get(organisation=business, role="owner").user
    with pytest.raises(MailboxRefused):
        message_send(
            recipient=person, authority=kassel, subject="S", body="B", submission=submission
        )
    sent = message_send(
        recipient=business, authority=kassel, subject="S", body="B", submission=submission
    )
    assert Message.objects.get().pk == sent.pk


def test_the_status_monitor_shows_the_organisations_applications_to_every_member(
    business: Organisation,
) -> None:
    owner = _member(business, "owner")
    owner.post("/organisationen/handeln/", {"organisation": str(business.pk)})
    fill(owner)
    owner.post(SUBMIT, {"ags": "06611000"})
    reference = Submission.objects.get().reference
    page = _member(business, "reader").get("/postfach/status/").content.decode()
    assert reference in page and "für Tischlerei Beispiel GmbH" in page
