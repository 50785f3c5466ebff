"""Writes of attachments: add one (checked, scanned, sealed, stored), prune, hand over, delete."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.db.models import Model, QuerySet

from rathaus.common.crypto import Sealed, configured_key_ring, rewrap, seal
from rathaus.forms.definition import Text
from rathaus.submissions.attachments import messages
from rathaus.submissions.attachments.content import ContentRefused, clean_file_name, content_check
from rathaus.submissions.attachments.rules import FileRule
from rathaus.submissions.attachments.scanning import (
    Infected,
    ScannerUnavailable,
    scanner_configured,
)
from rathaus.submissions.models import Attachment, Draft, ScanResult, Submission

logger = logging.getLogger(__name__)


class AttachmentRefused(Exception):
    """The upload was not stored; `message` tells the person why (German and English)."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.de)


def attachment_storage() -> Storage:
    """Where sealed attachments lie (the "attachments" entry of STORAGES, else the default)."""
    return storages["attachments"] if "attachments" in storages.backends else storages["default"]


def _verdict(data: bytes, name: str) -> str:
    """The scan result to record; refuses infected files and, failing closed, unscanned ones."""
    scanner = scanner_configured()
    if scanner is None:
        return ScanResult.NOT_SCANNED
    try:
        scanner.scan(data)
    except Infected:
        raise AttachmentRefused(messages.bilingual(messages.INFECTED, name=name)) from None
    except ScannerUnavailable:
        raise AttachmentRefused(messages.bilingual(messages.SCANNER_DOWN, name=name)) from None
    return ScanResult.CLEAN


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the scan and the content check: what to record about it."""

    name: str
    content_type: str
    size: int
    sha512: str
    scan_result: str


def file_check(*, file_name: str | None, data: bytes, rule: FileRule) -> CheckedFile:
    """Scan and sniff one upload against a rule; raises AttachmentRefused.

    The one door for any app that takes files from people (forms here, answers in the
    Postfach), so that every file meets the same scanner and the same content rules.
    """
    name = clean_file_name(file_name)
    if len(data) > rule.max_bytes:  # the upload handler stops earlier; this is the guard
        raise AttachmentRefused(messages.bilingual(messages.TOO_LARGE, name=name, mb=rule.max_mb))
    # scanned first: malware is refused as malware whatever it pretends to be
    scan_result = _verdict(data, name)
    try:
        content_type = content_check(data, name=name, rule=rule)
    except ContentRefused as refused:
        raise AttachmentRefused(refused.message) from None
    return CheckedFile(
        name=name,
        content_type=content_type,
        size=len(data),
        sha512=hashlib.sha512(data).hexdigest(),
        scan_result=scan_result,
    )


def sealed_file_save(*, data: bytes, context: str, stem: str) -> str:
    """Seal bytes for `context` and write them to the attachments storage; its name there."""
    sealed = seal(data, context=context).to_bytes()
    return attachment_storage().save(f"{stem}.sealed", ContentFile(sealed))


def attachment_add(
    *, draft: Draft, field_id: str, file_name: str | None, data: bytes, rule: FileRule
) -> Attachment:
    """Check, scan, seal and store one upload for a draft; raises AttachmentRefused."""
    checked = file_check(file_name=file_name, data=data, rule=rule)
    attachment = Attachment(
        id=uuid.uuid4(),
        draft=draft,
        field_id=field_id,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha512=checked.sha512,
        scan_result=checked.scan_result,
    )
    attachment.storage_name = sealed_file_save(
        data=data, context=attachment.sealing_context, stem=str(attachment.id)
    )
    try:
        attachment.save(force_insert=True)
    except Exception:
        attachment_storage().delete(attachment.storage_name)  # no file without its row
        raise
    logger.info(
        "attachment stored id=%s draft=%s scan=%s", attachment.id, draft.pk, checked.scan_result
    )
    return attachment


def attachments_delete(*, attachments: QuerySet[Attachment]) -> int:
    """Delete the rows now and their sealed files once the transaction has committed."""
    return sealed_files_delete(rows=attachments)


def sealed_files_delete(*, rows: QuerySet[Any]) -> int:
    """Delete rows that name sealed files (`storage_name`), and the files after the commit."""
    names = list(rows.values_list("storage_name", flat=True))
    if not names:
        return 0
    with transaction.atomic():
        rows.model._default_manager.filter(storage_name__in=names).delete()
        transaction.on_commit(lambda: _files_delete(names))
    return len(names)


def _files_delete(names: Iterable[str]) -> None:
    storage = attachment_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError as error:  # the row is gone; an orphaned sealed file is unreadable junk
            logger.error("attachment file not deleted name=%s error=%s", name, error)


def attachments_prune(*, draft: Draft, keep: set[str]) -> int:
    """Delete the draft's attachments its answers no longer refer to (replaced, removed)."""
    return attachments_delete(
        attachments=Attachment.objects.filter(draft=draft).exclude(pk__in=keep)
    )


def attachments_hand_over(*, draft_id: uuid.UUID, submission: Submission, keep: set[str]) -> int:
    """Move the draft's referenced attachments to the submission, delete the rest.

    Call inside the transaction that creates the submission and deletes the draft. Answers
    without files cost one query here (the draft's files, to delete); for a form without
    file fields, which never stored one, the submit does not call it at all.
    """
    attachments = Attachment.objects.filter(draft_id=draft_id)
    if not keep:
        attachments_delete(attachments=attachments)
        return 0
    attachments_delete(attachments=attachments.exclude(pk__in=keep))
    return attachments.update(draft=None, submission=submission)


def attachments_rewrap() -> tuple[int, int]:
    """Re-wrap each attachment's data key with the current master key; (changed, total)."""
    return sealed_files_rewrap(model=Attachment)


def sealed_files_rewrap(*, model: type[Model]) -> tuple[int, int]:
    """Re-wrap the data key of each sealed file a model's rows name; (changed, total).

    The sealed file is written anew under a new name and the row switched to it only if it
    still points at the old file (compare-and-set), so it is safe to run twice and while
    people upload.
    """
    ring = configured_key_ring()
    storage = attachment_storage()
    manager = model._default_manager
    changed = total = 0
    for pk, old_name in manager.values_list("pk", "storage_name").iterator():
        total += 1
        with storage.open(old_name, "rb") as stored:
            sealed = Sealed.from_bytes(stored.read())
        if sealed.key_id == ring.current_id:
            continue
        stem = old_name.removesuffix(".sealed").partition(".")[0]
        new_name = storage.save(
            f"{stem}.{uuid.uuid4().hex[:8]}.sealed",
            ContentFile(rewrap(sealed, ring=ring).to_bytes()),
        )
        if manager.filter(pk=pk, storage_name=old_name).update(storage_name=new_name):
            storage.delete(old_name)
            changed += 1
        else:
            storage.delete(new_name)
    return changed, total
