"""Fixtures of the Postfach tests: citizens, an authority, a logged-in browser, real files."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from rathaus.authorities.models import Authority
from rathaus.identity.models import Citizen
from rathaus.identity.services import citizen_register
from rathaus.identity.trust import TrustLevel
from rathaus.mailbox.files import IncomingFile
from rathaus.mailbox.models import Message
from rathaus.mailbox.services import decision_send, message_send, question_send
from tests.submissions.conftest import clamd_scanning, clamd_socket
from tests.submissions.files import pdf_bytes

__all__ = ["clamd_scanning", "clamd_socket"]  # the real clamd of the submission tests

SUBJECT = "Ihr Antrag auf Sperrmüllabholung"
BODY = "Bitte reichen Sie ein Foto der Gegenstände nach. Vertraulich: Wohnung 3. Stock links."


@pytest.fixture
def citizen(db: None) -> Citizen:
    return citizen_register(
        bpk2="BUNDIDSIM-U01",
        given_name="Maria",
        surname="Neumann",
        email="maria.neumenn@example.com",
        level=TrustLevel.SUBSTANZIELL,
    )


@pytest.fixture
def other_citizen(db: None) -> Citizen:
    return citizen_register(
        bpk2="BUNDIDSIM-U02",
        given_name="Manfred",
        surname="Schmidt",
        email="m-schmidt@example.com",
        level=TrustLevel.SUBSTANZIELL,
    )


@pytest.fixture
def authority(db: None) -> Authority:
    return Authority.objects.get(name="Stadtverwaltung Kassel")


@pytest.fixture
def browser(citizen: Citizen) -> Client:
    """Maria Neumann's logged-in browser."""
    client = Client()
    client.force_login(citizen.user)
    return client


@pytest.fixture
def message(citizen: Citizen, authority: Authority) -> Message:
    return message_send(recipient=citizen.user, authority=authority, subject=SUBJECT, body=BODY)


@pytest.fixture
def question(citizen: Citizen, authority: Authority) -> Message:
    return question_send(
        recipient=citizen.user,
        authority=authority,
        subject="Rückfrage zu Ihrem Antrag",
        body=BODY,
        answer_due=date.today() + timedelta(days=14),
    )


@pytest.fixture
def decision(citizen: Citizen, authority: Authority) -> Message:
    return decision_send(
        recipient=citizen.user,
        authority=authority,
        subject="Bescheid über Ihren Antrag",
        body=BODY,
        pdf=IncomingFile("Bescheid.pdf", pdf_bytes()),
    )
