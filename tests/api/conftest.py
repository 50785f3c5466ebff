"""Fixtures of the API tests: two authorities, a citizen's application in each, API clients."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from rathaus.api.models import ApiClient, Scope
from rathaus.api.services import api_client_create
from rathaus.authorities.models import Authority
from rathaus.identity.models import Citizen
from rathaus.identity.services import citizen_register
from rathaus.identity.trust import TrustLevel
from rathaus.mailbox.files import upload_rule
from rathaus.submissions.attachments.services import attachment_add, attachments_hand_over
from rathaus.submissions.models import Attachment, Draft, Submission
from tests.submissions.files import pdf_bytes
from tests.submissions.journey import fill, send

KASSEL, FRANKFURT = "06611000", "06412000"
ALL_SCOPES = list(Scope.values)


@dataclass
class Api:
    """A client and its token, and how to call the API with it."""

    client: ApiClient
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **params: str) -> object:
        return Client().get(path, params, headers=self.headers)


@pytest.fixture
def kassel(db: None) -> Authority:
    return Authority.objects.get(name="Stadtverwaltung Kassel")


@pytest.fixture
def frankfurt(db: None) -> Authority:
    return Authority.objects.get(name="Stadtverwaltung Frankfurt am Main")


@pytest.fixture
def citizen(db: None) -> Citizen:
    return citizen_register(
        bpk2="BUNDIDSIM-U01",
        given_name="Maria",
        surname="Neumann",
        email="maria.neumenn@example.com",
        level=TrustLevel.SUBSTANZIELL,
    )


def attach_pdf(submission: Submission, name: str = "Nachweis Sperrmüll.pdf") -> Attachment:
    """A real PDF attachment on the submission, stored the way the form's upload stores it."""
    other = Client()
    fill(other)
    draft = Draft.objects.order_by("-created_at").first()
    assert draft is not None
    attachment = attachment_add(
        draft=draft,
        field_id="nachweis",
        file_name=name,
        data=pdf_bytes(),
        rule=upload_rule(["pdf"]),
    )
    attachments_hand_over(draft_id=draft.pk, submission=submission, keep={str(attachment.pk)})
    return Attachment.objects.get(pk=attachment.pk)


@pytest.fixture
def application(citizen: Citizen, kassel: Authority) -> Submission:
    """Maria Neumann's bulky-waste application to Kassel, with a PDF attachment."""
    browser = Client()
    browser.force_login(citizen.user)
    submission = send(browser, ags=KASSEL)
    assert submission.authority == kassel
    attach_pdf(submission)
    return submission


@pytest.fixture
def foreign_application(db: None, frankfurt: Authority) -> Submission:
    """An anonymous application to Frankfurt (another authority)."""
    submission = send(Client(), ags=FRANKFURT)
    assert submission.authority == frankfurt
    return submission


def make_api(authority: Authority, scopes: list[str], name: str = "Fachverfahren") -> Api:
    client, token = api_client_create(authority=authority, name=name, scopes=scopes)
    return Api(client, token)


@pytest.fixture
def api(kassel: Authority) -> Api:
    """Kassel's Fachverfahren with every scope."""
    return make_api(kassel, ALL_SCOPES)
