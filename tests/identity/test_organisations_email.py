"""The invitation e-mail over real SMTP: its link is followed and accepted, once."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from rathaus.identity.models import Invitation, OrganisationMembership
from rathaus.identity.organisations import tasks
from rathaus.identity.organisations.invitation_email import invitation_email_send
from rathaus.identity.organisations.models import Role
from rathaus.identity.organisations.services import invitation_revoke, invitation_send
from rathaus.identity.organisations.tokens import token_hash
from tests.identity.organisations import business, citizen, detail_url, logged_in
from tests.net import free_port
from tests.smtp import Mailbox

pytestmark = pytest.mark.django_db

TASK = "rathaus.identity.organisations.tasks.invitation_email_send"
PUBLIC = "http://rathaus.test"
LINK = re.compile(r"http://rathaus\.test(/organisationen/einladung/[A-Za-z0-9_-]+/)")


def _body(mailbox: Mailbox, index: int = 0) -> str:
    part = mailbox.messages[index].get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


@override_settings(RATHAUS_PUBLIC_URL=PUBLIC, RATHAUS_INVITATION_DAYS=14)
def test_the_invited_person_follows_the_e_mailed_link_and_joins(smtp_server: Mailbox) -> None:
    erika, max_ = citizen(), citizen("Max", "Beispiel")
    organisation = business(erika)
    owner = logged_in(erika)
    response = owner.post(
        f"{detail_url(organisation)}einladen/",
        {"einladung-email": "max.beispiel@beispiel.test", "einladung-role": "member"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(organisation=organisation)
    assert tasks.invitation_email_send.call(str(invitation.pk)) is True

    (message,) = smtp_server.messages
    assert smtp_server.recipients == [["max.beispiel@beispiel.test"]]
    assert "Mustermann Tischlerei GmbH" in str(message["Subject"])
    body = _body(smtp_server)
    assert "Erika Mustermann lädt Sie ein" in body and "„Mitglied“" in body
    assert "“Member”" in body and "(14 Tage)" in body
    match = LINK.search(body)
    assert match, body
    path = match.group(1)
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert Invitation.objects.get(pk=invitation.pk).token_hash == token_hash(token)

    invited = logged_in(max_)
    page = invited.get(path)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mustermann Tischlerei GmbH" in text and "Mitglied" in text
    assert invited.post(path).status_code == 302
    membership = OrganisationMembership.objects.get(organisation=organisation, user=max_)
    assert membership.role == Role.MEMBER
    assert Invitation.objects.get(pk=invitation.pk).sent_at is not None
    # a second run of the task (a retry) sends nothing
    assert tasks.invitation_email_send.call(str(invitation.pk)) is False
    assert len(smtp_server.messages) == 1


def test_nothing_is_sent_for_a_revoked_invitation(smtp_server: Mailbox) -> None:
    erika = citizen()
    organisation = business(erika)
    invitation = invitation_send(
        actor=erika, organisation=organisation, email="max@beispiel.test", role=Role.READER
    )
    invitation_revoke(actor=erika, invitation=invitation)
    assert invitation_email_send(invitation_id=invitation.pk) is False
    assert smtp_server.messages == []


def test_while_the_mail_server_is_down_the_task_tries_again_later() -> None:
    erika = citizen()
    organisation = business(erika)
    invitation = invitation_send(
        actor=erika, organisation=organisation, email="max@beispiel.test", role=Role.MEMBER
    )
    DBTaskResult.objects.filter(task_path=TASK).delete()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=free_port(),  # nobody listens
        EMAIL_TIMEOUT=2,
    ):
        assert tasks.invitation_email_send.call(str(invitation.pk)) is False
    retry = DBTaskResult.objects.get(task_path=TASK)
    assert retry.args_kwargs["args"] == [str(invitation.pk), 2]
    assert retry.run_after is not None
    assert Invitation.objects.get(pk=invitation.pk).sent_at is None


def test_after_a_secret_change_the_unsent_invitation_gets_a_working_link(
    smtp_server: Mailbox,
) -> None:
    erika, max_ = citizen(), citizen("Max", "Beispiel")
    organisation = business(erika)
    invitation = invitation_send(
        actor=erika, organisation=organisation, email="max@beispiel.test", role=Role.MEMBER
    )
    with override_settings(SECRET_KEY="rathaus-test-another-secret-key-0123456789"):
        assert invitation_email_send(invitation_id=invitation.pk) is True
        match = re.search(r"(/organisationen/einladung/[A-Za-z0-9_-]+/)", _body(smtp_server))
        assert match
        response = logged_in(max_).post(match.group(1))
    assert response.status_code == 302
    assert OrganisationMembership.objects.filter(organisation=organisation, user=max_).exists()
