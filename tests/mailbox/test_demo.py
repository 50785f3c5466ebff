"""The demo's Postfach: Maria Neumann (BundID simulator U01) logs in and finds her messages."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from rathaus.commands.demo_mailbox import demo_mailbox_create
from rathaus.identity.models import Citizen
from rathaus.mailbox import selectors
from rathaus.mailbox.models import MailboxFile, Message, MessageKind
from tests.identity.conftest import (
    LoginFlow,
    idps,
    login_flow,
    saml_dir,
    saml_settings,
    sp_metadata_files,
)

__all__ = ["idps", "login_flow", "saml_dir", "saml_settings", "sp_metadata_files"]

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_postfach_once() -> None:
    assert demo_mailbox_create() == 3
    assert demo_mailbox_create() == 0  # `rathaus demo` again adds nothing
    citizen = Citizen.objects.get(bpk2="BUNDIDSIM-U01")
    kinds = sorted(m.kind for m in Message.objects.filter(recipient_user=citizen.user))
    assert kinds == [MessageKind.DECISION, MessageKind.MESSAGE, MessageKind.QUESTION]
    decision = Message.objects.get(recipient_user=citizen.user, kind=MessageKind.DECISION)
    stored = MailboxFile.objects.get(message=decision)
    pdf = selectors.file_content(stored=stored)
    assert "Rechtsbehelfsbelehrung" in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages
    )


def test_logging_in_as_the_demo_person_shows_the_filled_postfach(login_flow: LoginFlow) -> None:
    demo_mailbox_create()
    client = Client()
    flow = login_flow(client, person="U01")
    assert client.post("/anmelden/saml/acs/", flow.fields).status_code == 302
    page = client.get("/postfach/").content.decode()
    assert "Willkommen in Ihrem Postfach" in page
    assert "Bescheid über Ihren Antrag auf Sperrmüllabholung" in page
    assert Citizen.objects.filter(bpk2="BUNDIDSIM-U01").count() == 1
