"""`rathaus keys rotate` re-wraps the Postfach too: contents, answers and files."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from rathaus.common.crypto import DEVELOPMENT_KEY_ENTRY, CryptoError, Sealed
from rathaus.identity.models import Citizen
from rathaus.mailbox import selectors
from rathaus.mailbox.files import IncomingFile
from rathaus.mailbox.models import Answer, MailboxFile, Message
from rathaus.mailbox.services import question_answer
from rathaus.submissions.attachments.services import attachment_storage
from tests.submissions.files import png_bytes
from tests.submissions.test_attachment_storage import NEW_KEY

pytestmark = pytest.mark.django_db


def test_keys_rotate_rewraps_the_postfach(
    question: Message, decision: Message, citizen: Citizen
) -> None:
    question_answer(
        question=question,
        user=citizen.user,
        text="Foto anbei",
        files=[IncomingFile("a.png", png_bytes())],
    )
    output = io.StringIO()
    with override_settings(RATHAUS_ENCRYPTION_KEYS=[NEW_KEY, DEVELOPMENT_KEY_ENTRY]):
        call_command("keys", "rotate", stdout=output)
        for message in Message.objects.all():
            assert Sealed.from_bytes(bytes(message.sealed_content)).key_id == "k2027"
            assert selectors.message_content(message=message)["body"]
        answer = Answer.objects.get()
        assert Sealed.from_bytes(bytes(answer.sealed_text)).key_id == "k2027"
        for stored in MailboxFile.objects.all():
            with attachment_storage().open(stored.storage_name, "rb") as blob:
                assert Sealed.from_bytes(blob.read()).key_id == "k2027"
            assert selectors.file_content(stored=stored)
    assert "Postfach (Dateien): 2 von 2" in output.getvalue()
    with (
        override_settings(RATHAUS_ENCRYPTION_KEYS=[DEVELOPMENT_KEY_ENTRY]),
        pytest.raises(CryptoError),
    ):
        selectors.message_content(message=Message.objects.first())  # type: ignore[arg-type]
