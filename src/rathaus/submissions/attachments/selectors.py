"""Reads of attachments: only through their draft or submission, decrypted and verified."""

from __future__ import annotations

import hashlib
import uuid

from rathaus.common.crypto import SealBrokenError, Sealed, open_sealed
from rathaus.submissions.attachments.services import attachment_storage
from rathaus.submissions.models import Attachment, Draft, Submission


def attachment_of_draft(*, draft: Draft, attachment_id: str) -> Attachment | None:
    """The draft's attachment with this id; None for anyone else's or a malformed id."""
    try:
        wanted = uuid.UUID(attachment_id)
    except ValueError:
        return None
    return Attachment.objects.filter(draft=draft, pk=wanted).first()


def attachments_of_draft(*, draft: Draft) -> list[Attachment]:
    """The draft's attachments in upload order."""
    return list(Attachment.objects.filter(draft=draft).order_by("created_at"))


def attachments_of_submission(*, submission: Submission) -> list[Attachment]:
    """The submission's attachments in upload order."""
    return list(Attachment.objects.filter(submission=submission).order_by("created_at"))


def attachment_content(*, attachment: Attachment) -> bytes:
    """The plaintext bytes, decrypted and checked against the recorded SHA-512."""
    with attachment_storage().open(attachment.storage_name, "rb") as stored:
        sealed = Sealed.from_bytes(stored.read())
    data = open_sealed(sealed, context=attachment.sealing_context)
    if hashlib.sha512(data).hexdigest() != attachment.sha512:
        raise SealBrokenError(f"attachment {attachment.pk} does not match its SHA-512")
    return data
