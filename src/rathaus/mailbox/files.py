"""Files in the Postfach: checked and sealed through the submissions app's attachment services.

Every file, from an authority or from a person, meets the same virus scan and content check
as the files of an application (`file_check`) and lies sealed in the same storage
(`sealed_file_save`); this module only adds the Postfach's own rows.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from rathaus.mailbox.models import Answer, MailboxFile, Message
from rathaus.submissions.attachments import messages
from rathaus.submissions.attachments.rules import MB, FileRule
from rathaus.submissions.attachments.services import (
    AttachmentRefused,
    CheckedFile,
    attachment_storage,
    file_check,
    sealed_file_save,
)

logger = logging.getLogger(__name__)
FIELD = "dateien"  # the answer form's file input


@dataclass(frozen=True)
class IncomingFile:
    """A file to put into the Postfach: its name as given and its bytes."""

    name: str
    data: bytes


def upload_rule(kinds: Sequence[str] | None = None) -> FileRule:
    """The limits of Postfach files: the installation's upload settings, or given kinds."""
    return FileRule(
        field_id=FIELD,
        kinds=tuple(kinds or settings.RATHAUS_UPLOAD_TYPES),
        max_bytes=settings.RATHAUS_UPLOAD_MAX_MB * MB,
        max_count=settings.RATHAUS_UPLOAD_MAX_FILES,
        repeated=True,
    )


def files_check(
    files: Sequence[IncomingFile], rule: FileRule
) -> list[tuple[CheckedFile, IncomingFile]]:
    """Scan and sniff every file before anything is stored; raises AttachmentRefused."""
    if len(files) > rule.max_count:
        raise AttachmentRefused(messages.bilingual(messages.TOO_MANY, count=rule.max_count))
    return [(file_check(file_name=f.name, data=f.data, rule=rule), f) for f in files]


def files_store(
    checked: Sequence[tuple[CheckedFile, IncomingFile]],
    *,
    message: Message | None = None,
    answer: Answer | None = None,
    stored: list[str],
) -> None:
    """Seal and store checked files for a message or an answer (inside its transaction).

    The storage names are appended to `stored` as they are written, so that the caller can
    delete them if the transaction fails: no file without its row.
    """
    for result, incoming in checked:
        row = MailboxFile(
            id=uuid.uuid4(),
            message=message,
            answer=answer,
            name=result.name,
            content_type=result.content_type,
            size=result.size,
            sha512=result.sha512,
            scan_result=result.scan_result,
        )
        row.storage_name = sealed_file_save(
            data=incoming.data, context=row.sealing_context, stem=f"postfach/{row.id}"
        )
        stored.append(row.storage_name)
        row.save(force_insert=True)


def stored_files_forget(names: Sequence[str]) -> None:
    """Delete sealed files whose rows were never committed."""
    storage = attachment_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError as error:  # unreadable junk without its row and key context
            logger.error("mailbox file not deleted name=%s error=%s", name, error)
