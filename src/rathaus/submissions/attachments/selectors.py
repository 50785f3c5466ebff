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
    return sealed_file_read(
        storage_name=attachment.storage_name,
        context=attachment.sealing_context,
        sha512=attachment.sha512,
    )


def sealed_file_read(*, storage_name: str, context: str, sha512: str) -> bytes:
    """The plaintext of a sealed file, decrypted for `context` and checked against its hash."""
    with attachment_storage().open(storage_name, "rb") as stored:
        sealed = Sealed.from_bytes(stored.read())
    data = open_sealed(sealed, context=context)
    if hashlib.sha512(data).hexdigest() != sha512:
        raise SealBrokenError(f"sealed file {storage_name} does not match its SHA-512")
    return data
