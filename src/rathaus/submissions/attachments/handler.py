"""An upload handler that enforces each file field's limits while the request streams in.

Each file is kept in memory only up to its field's size limit: past it (or past the number
of files the field takes) the handler stops keeping it, notes why, and Django skips the
rest of that file while reading on to the other fields of the form. Nothing is written to
disk in clear text; accepted bytes are sealed before they are stored.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

from rathaus.forms.definition import Text
from rathaus.submissions.attachments import messages
from rathaus.submissions.attachments.content import clean_file_name
from rathaus.submissions.attachments.rules import FileRule, field_id_of


@dataclass(frozen=True)
class Refusal:
    """A file the handler did not keep: the input's path and the message for it."""

    path: str
    message: Text
    too_many: bool = False


class LimitedUploadHandler(FileUploadHandler):
    """Keeps files of the page's file fields, each within its field's limits."""

    def __init__(self, request: HttpRequest, rules: dict[str, FileRule]) -> None:
        super().__init__(request)
        self.rules = rules
        self.refusals: list[Refusal] = []
        self.counts: dict[str, int] = {}
        self.buffer = io.BytesIO()
        self.rule: FileRule | None = None

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        rule = self.rules.get(field_id_of(field_name))
        if rule is None:  # not a file input of this page: ignore it
            raise SkipFile
        self.counts[field_name] = self.counts.get(field_name, 0) + 1
        if self.counts[field_name] > rule.max_count:
            message = messages.bilingual(messages.TOO_MANY, count=rule.max_count)
            self._refuse(message, too_many=True)
        if self.content_length is not None and self.content_length > rule.max_bytes:
            self._refuse(self._too_large(rule))
        self.rule = rule
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        assert self.rule is not None
        if start + len(raw_data) > self.rule.max_bytes:
            self._refuse(self._too_large(self.rule))
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )

    def _too_large(self, rule: FileRule) -> Text:
        return messages.bilingual(
            messages.TOO_LARGE, name=clean_file_name(self.file_name), mb=rule.max_mb
        )

    def _refuse(self, message: Text, *, too_many: bool = False) -> None:
        if too_many and any(r.too_many and r.path == self.field_name for r in self.refusals):
            raise SkipFile  # said once per input is enough
        self.refusals.append(Refusal(self.field_name, message, too_many))
        self.buffer = io.BytesIO()  # let go of what was read so far
        raise SkipFile
