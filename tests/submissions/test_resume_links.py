"""Resume by e-mail: a real SMTP server receives the link; it works once, then never again."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from rathaus.forms.models import FormVersion
from rathaus.submissions.models import Draft, DraftResumeToken, Submission
from rathaus.submissions.owners import Owner
from rathaus.submissions.selectors import draft_answers, draft_for_owner
from rathaus.submissions.services import (
    draft_resume,
    draft_resume_link_send,
    draft_save,
    draft_start,
)
from rathaus.submissions.submitting import submission_create
from tests.smtp import Mailbox
from tests.submissions.conftest import UserFactory

pytestmark = pytest.mark.django_db

BASE_URL = "https://rathaus.example"
LINK = re.compile(re.escape(BASE_URL) + r"/formulare/fortsetzen/([A-Za-z0-9_-]{40,})/")


def _saved_draft(form_version: FormVersion, owner: Owner) -> Draft:
    draft = draft_start(form_version=form_version, owner=owner)
    return draft_save(draft=draft, answers={"name": "Erika Mustermann"}, page="halter")


def _send_and_read_token(draft: Draft, smtp_server: Mailbox) -> str:
    draft_resume_link_send(draft=draft, email="erika@example.org", base_url=BASE_URL + "/")
    body = smtp_server.messages[-1].get_body(preferencelist=("plain",))
    assert body is not None
    match = LINK.search(body.get_content())
    assert match, body.get_content()
    return match.group(1)


def test_the_link_arrives_in_german_and_english(
    form_version: FormVersion, anonymous: Owner, smtp_server: Mailbox
) -> None:
    draft = _saved_draft(form_version, anonymous)
    draft_resume_link_send(draft=draft, email="erika@example.org", base_url=BASE_URL)

    assert smtp_server.recipients == [["erika@example.org"]]
    message = smtp_server.messages[0]
    assert "Entwurf" in message["Subject"] and "draft" in message["Subject"]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "Mit diesem Link setzen Sie ihn fort" in text
    assert "Use this link to continue it" in text
    assert form_version.form.title in text
    assert LINK.search(text)
    assert "Erika Mustermann" not in text  # answers never travel by e-mail


def test_the_link_works_once_and_moves_the_draft_to_the_new_session(
    form_version: FormVersion, anonymous: Owner, smtp_server: Mailbox
) -> None:
    draft = _saved_draft(form_version, anonymous)
    token = _send_and_read_token(draft, smtp_server)
    other_device = Owner.anonymous(Owner.new_anonymous_token())

    resumed = draft_resume(token=token, owner=other_device)
    assert resumed is not None and resumed.pk == draft.pk
    assert draft_answers(draft=resumed) == {"name": "Erika Mustermann"}
    assert draft_for_owner(draft_id=draft.pk, owner=other_device) is not None
    assert draft_for_owner(draft_id=draft.pk, owner=anonymous) is None

    assert draft_resume(token=token, owner=Owner.anonymous("someone else")) is None
    assert draft_for_owner(draft_id=draft.pk, owner=other_device) is not None


def test_a_logged_in_person_can_take_over_the_draft(
    form_version: FormVersion, anonymous: Owner, smtp_server: Mailbox
) -> None:
    token = _send_and_read_token(_saved_draft(form_version, anonymous), smtp_server)
    user = UserFactory()
    resumed = draft_resume(token=token, owner=Owner.user(user.pk))
    assert resumed is not None
    stored = Draft.objects.get(pk=resumed.pk)
    assert stored.owner_user_id == user.pk and stored.owner_key == ""


def test_an_expired_link_gets_nothing(
    form_version: FormVersion, anonymous: Owner, smtp_server: Mailbox
) -> None:
    draft = _saved_draft(form_version, anonymous)
    token = _send_and_read_token(draft, smtp_server)
    DraftResumeToken.objects.filter(draft=draft).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert draft_resume(token=token, owner=Owner.anonymous("new")) is None
    assert draft_for_owner(draft_id=draft.pk, owner=anonymous) is not None


@override_settings(RATHAUS_DRAFT_LINK_HOURS=2)
def test_the_link_lasts_the_configured_hours_and_stores_only_a_hash(
    form_version: FormVersion, anonymous: Owner, smtp_server: Mailbox
) -> None:
    draft = _saved_draft(form_version, anonymous)
    token = _send_and_read_token(draft, smtp_server)
    link = DraftResumeToken.objects.get(draft=draft)
    assert link.token_hash != token and token not in link.token_hash
    assert len(link.token_hash) == 64
    assert link.email_domain == "example.org"
    stored = " ".join(str(value) for value in DraftResumeToken.objects.values().get().values())
    assert "erika@" not in stored and token not in stored
    assert timedelta(hours=1, minutes=59) < link.expires_at - timezone.now() <= timedelta(hours=2)


def test_a_newer_resume_withdraws_older_links(
    form_version: FormVersion, anonymous: Owner, smtp_server: Mailbox
) -> None:
    draft = _saved_draft(form_version, anonymous)
    older = _send_and_read_token(draft, smtp_server)
    newer = _send_and_read_token(draft, smtp_server)
    assert draft_resume(token=newer, owner=Owner.anonymous("phone")) is not None
    assert draft_resume(token=older, owner=Owner.anonymous("forwarded")) is None


@pytest.mark.parametrize("token", ["", "made-up", "x" * 43])
def test_a_made_up_token_gets_nothing(token: str) -> None:
    assert draft_resume(token=token, owner=Owner.anonymous("me")) is None


def test_a_link_to_an_expired_draft_gets_nothing(
    form_version: FormVersion, anonymous: Owner, smtp_server: Mailbox
) -> None:
    draft = _saved_draft(form_version, anonymous)
    token = _send_and_read_token(draft, smtp_server)
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert draft_resume(token=token, owner=Owner.anonymous("new")) is None


def test_an_invalid_address_sends_nothing(
    form_version: FormVersion, anonymous: Owner, smtp_server: Mailbox
) -> None:
    draft = _saved_draft(form_version, anonymous)
    with pytest.raises(ValidationError):
        draft_resume_link_send(draft=draft, email="keine-adresse", base_url=BASE_URL)
    assert smtp_server.messages == []
    assert not DraftResumeToken.objects.filter(draft=draft).exists()


def test_when_the_mail_server_is_down_no_link_is_left_behind(
    form_version: FormVersion, anonymous: Owner, smtp_server: Mailbox
) -> None:
    draft = _saved_draft(form_version, anonymous)
    with override_settings(EMAIL_PORT=1), pytest.raises(OSError):
        draft_resume_link_send(draft=draft, email="erika@example.org", base_url=BASE_URL)
    assert not DraftResumeToken.objects.filter(draft=draft).exists()


def test_sending_a_draft_removes_it_with_its_resume_links(
    form_version: FormVersion, anonymous: Owner, smtp_server: Mailbox
) -> None:
    draft = _saved_draft(form_version, anonymous)
    _send_and_read_token(draft, smtp_server)
    other = _saved_draft(form_version, anonymous)  # a second draft keeps its link
    _send_and_read_token(other, smtp_server)

    submission, created = submission_create(
        draft=draft, data={"name": "Erika Mustermann"}, authority=None, municipality=None
    )

    assert created and Submission.objects.filter(pk=submission.pk, draft_id=draft.pk).exists()
    assert not Draft.objects.filter(pk=draft.pk).exists()
    assert not DraftResumeToken.objects.filter(draft_id=draft.pk).exists()
    assert DraftResumeToken.objects.filter(draft=other).count() == 1
