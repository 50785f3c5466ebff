"""Following an invitation link on the site: each way it can fail gets a clear page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from lxml import html

from rathaus.identity.models import Invitation, OrganisationMembership
from rathaus.identity.organisations.invitation_views import PENDING_COOKIE
from rathaus.identity.organisations.models import Role
from rathaus.identity.organisations.services import invitation_revoke, invitation_send
from rathaus.identity.organisations.tokens import invitation_token
from tests.identity.organisations import business, citizen, detail_url, logged_in

pytestmark = pytest.mark.django_db

PENDING = "/organisationen/einladung/"


def _text(response: object) -> str:
    return " ".join(html.fromstring(response.content).text_content().split())  # type: ignore[attr-defined]


def _invitation(role: Role = Role.MEMBER) -> tuple[Invitation, str]:
    erika = citizen()
    organisation = business(erika)
    invitation = invitation_send(
        actor=erika, organisation=organisation, email="max@beispiel.test", role=role
    )
    path = f"/organisationen/einladung/{invitation_token(invitation_id=invitation.pk)}/"
    return invitation, path


def test_the_link_shows_organisation_and_role_and_a_get_changes_nothing() -> None:
    invitation, path = _invitation(Role.READER)
    max_ = citizen("Max", "Beispiel")
    page = logged_in(max_).get(path)
    assert page.status_code == 200
    text = _text(page)
    assert "Erika Mustermann lädt Sie ein, für „Mustermann Tischlerei GmbH“ zu handeln" in text
    assert "Lesen" in text
    form = [f for f in html.fromstring(page.content).forms if f.method.upper() == "POST"][-1]
    assert "csrfmiddlewaretoken" in form.fields
    assert not OrganisationMembership.objects.filter(user=max_).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_an_anonymous_visitor_logs_in_first_and_the_link_waits_outside_the_database() -> None:
    invitation, path = _invitation()
    token = path.rstrip("/").rsplit("/", 1)[1]
    browser = Client()
    response = browser.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/anmelden/?next={PENDING}"  # no token in the login
    cookie = browser.cookies[PENDING_COOKIE]
    assert cookie["httponly"] and cookie["path"] == PENDING
    assert Client().post(path).status_code == 302  # anonymous POST: nothing accepted
    assert OrganisationMembership.objects.count() == 1
    # after logging in, the waiting link is picked up once
    max_ = citizen("Max", "Beispiel")
    browser.force_login(max_)
    onward = browser.get(PENDING)
    assert onward.status_code == 302 and onward["Location"] == path
    assert browser.cookies[PENDING_COOKIE].value == ""  # deleted
    assert browser.get(PENDING).status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).token_hash != token  # only its hash


def test_a_forged_waiting_link_cookie_is_not_followed() -> None:
    browser = logged_in(citizen("Max", "Beispiel"))
    browser.cookies[PENDING_COOKIE] = "erfunden"
    response = browser.get(PENDING)
    assert response.status_code == 404
    assert "Zu diesem Link kennen wir keine Einladung" in _text(response)


def test_a_double_submitted_accept_makes_one_membership() -> None:
    invitation, path = _invitation()
    max_ = citizen("Max", "Beispiel")
    client = logged_in(max_)
    first, second = client.post(path), client.post(path)
    target = detail_url(invitation.organisation)
    assert first["Location"] == target and second["Location"] == target
    assert OrganisationMembership.objects.filter(user=max_).count() == 1
    assert "schon zu „Mustermann Tischlerei GmbH“" in _text(client.get(target))
    # opening the used link again leads the same person to the organisation
    assert client.get(path)["Location"] == target


@pytest.mark.parametrize(
    ("case", "status", "sentence"),
    [
        ("unknown", 404, "Zu diesem Link kennen wir keine Einladung"),
        ("truncated", 404, "Zu diesem Link kennen wir keine Einladung"),
        ("huge", 404, "Zu diesem Link kennen wir keine Einladung"),
        ("expired", 410, "Die Einladung ist abgelaufen"),
        ("revoked", 410, "Die Einladung wurde zurückgezogen"),
        ("used", 410, "Die Einladung wurde schon angenommen"),
    ],
)
def test_links_that_cannot_be_used_get_a_clear_page(case: str, status: int, sentence: str) -> None:
    invitation, path = _invitation()
    eve = citizen("Eva", "Fremd")
    if case == "unknown":
        path = "/organisationen/einladung/erfundenerTokenXYZ/"
    elif case == "truncated":
        path = path[:-6] + "/"
    elif case == "huge":
        path = "/organisationen/einladung/" + "A" * 5000 + "/"
    elif case == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    elif case == "revoked":
        assert invitation.invited_by is not None
        invitation_revoke(actor=invitation.invited_by, invitation=invitation)
    else:
        logged_in(citizen("Max", "Beispiel")).post(path)
    client = logged_in(eve)
    for response in (client.get(path), client.post(path)):
        assert response.status_code == status
        assert sentence in _text(response)
        assert "Sie wurden keiner Organisation hinzugefügt" in _text(response)
    assert not OrganisationMembership.objects.filter(user=eve).exists()


def test_a_member_accepting_again_is_told_their_role_stays() -> None:
    invitation, path = _invitation(Role.READER)
    erika = invitation.invited_by
    assert erika is not None
    client = logged_in(erika)
    assert "bleibt Ihre Rolle" in _text(client.get(path))
    client.post(path)
    assert OrganisationMembership.objects.get(user=erika).role == Role.OWNER
