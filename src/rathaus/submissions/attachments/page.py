"""The file inputs of one form page: install the limits, store what came, say what did not."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from rathaus.forms.definition import FormDef, PageDef, Text
from rathaus.forms.validation import Problem
from rathaus.forms.web.inputs import file_references
from rathaus.forms.web.widgets import Widget
from rathaus.submissions.attachments import messages
from rathaus.submissions.attachments.handler import LimitedUploadHandler
from rathaus.submissions.attachments.rules import (
    FileRule,
    field_id_of,
    form_max_files,
    page_file_rules,
)
from rathaus.submissions.attachments.services import AttachmentRefused, attachment_add
from rathaus.submissions.models import Attachment, Draft

CODE = "upload"


def handler_install(request: HttpRequest, page: PageDef) -> LimitedUploadHandler:
    """Replace the request's upload handlers before its body is read (see views.page)."""
    handler = LimitedUploadHandler(request, page_file_rules(page))
    request.upload_handlers = [handler]
    return handler


@dataclass
class PageUploads:
    """The references of the files stored from this page (by input path) and the refusals."""

    references: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def refuse(self, path: str, message: Text) -> None:
        self.problems.append(Problem(path, CODE, message))


def reference(attachment: Attachment) -> dict[str, Any]:
    """What the answers keep of a stored attachment."""
    return {
        "id": str(attachment.id),
        "name": attachment.name,
        "size": attachment.size,
        "sha512": attachment.sha512,
        "content_type": attachment.content_type,
    }


def uploads_take(
    *,
    request: HttpRequest,
    handler: LimitedUploadHandler,
    draft_for: Callable[[], Draft],
    form: FormDef,
    page: PageDef,
    answers: dict[str, Any],
) -> PageUploads:
    """Store each file the page sent, within the field's and the form's limits."""
    result = PageUploads()
    for refusal in handler.refusals:
        result.refuse(refusal.path, refusal.message)
    # too many files for one input: none of them is taken, the person chooses again
    too_many = {refusal.path for refusal in handler.refusals if refusal.too_many}
    rules = page_file_rules(page)
    room = form_max_files(form) - len(file_references(answers))
    for path in request.FILES:
        uploads: list[UploadedFile[bytes]] = request.FILES.getlist(path)
        rule = rules.get(field_id_of(path))
        if rule is None or not uploads or path in too_many:
            continue
        previous = value_at(answers, path)
        if not rule.repeated:
            room += 1 if isinstance(previous, dict) else 0  # the new file replaces it
            uploads = uploads[-1:]
        problem = _count_problem(rule, previous, len(uploads), room, form_max_files(form))
        if problem is not None:
            result.refuse(path, problem)
            continue
        room -= _store(result, path, uploads, rule, draft_for)
    return result


def _count_problem(
    rule: FileRule, previous: Any, new: int, room: int, form_limit: int
) -> Text | None:
    """Why these new files would be too many for their field or for the form, if they are."""
    held = len(previous) if rule.repeated and isinstance(previous, list) else 0
    if rule.repeated and held + new > rule.max_count:
        return messages.bilingual(messages.TOO_MANY, count=rule.max_count)
    if new > room:
        return messages.bilingual(messages.TOO_MANY_IN_FORM, count=form_limit)
    return None


def _store(
    result: PageUploads,
    path: str,
    uploads: list[UploadedFile[bytes]],
    rule: FileRule,
    draft_for: Callable[[], Draft],
) -> int:
    stored = 0
    for upload in uploads:
        try:
            attachment = attachment_add(
                draft=draft_for(),
                field_id=rule.field_id,
                file_name=upload.name,
                data=upload.read(rule.max_bytes + 1),
                rule=rule,
            )
        except AttachmentRefused as refused:
            result.refuse(path, refused.message)
            continue
        result.references.setdefault(path, []).append(reference(attachment))
        stored += 1
    return stored


_STEP = re.compile(r"([A-Za-z][A-Za-z0-9_]*)(?:\[(\d+)\])?")


def value_at(answers: dict[str, Any], path: str) -> Any:
    """The answer at an input's data path ("hund[1].foto"), or None."""
    value: Any = answers
    for part in path.split("."):
        step = _STEP.fullmatch(part)
        if step is None or not isinstance(value, dict):
            return None
        value = value.get(step[1])
        if step[2] is not None:
            index = int(step[2])
            value = value[index] if isinstance(value, list) and index < len(value) else None
    return value


def file_remove(answers: dict[str, Any], attachment_id: str) -> dict[str, Any]:
    """The answers without the reference to one attachment (its field left unanswered)."""
    return {
        k: v
        for k, v in ((k, _without(v, attachment_id)) for k, v in answers.items())
        if v is not None
    }


def _without(value: Any, attachment_id: str) -> Any:
    if isinstance(value, dict):
        if value.get("id") == attachment_id and "sha512" in value:
            return None
        return file_remove(value, attachment_id)
    if isinstance(value, list):
        kept = [_without(item, attachment_id) for item in value]
        return [item for item in kept if item is not None] or None
    return value


def file_hints(widgets: list[Widget], page: PageDef) -> None:
    """Tell each file input what it takes: types and size, and how many files."""
    rules = page_file_rules(page)
    for widget in widgets:
        for instance in widget.instances:
            file_hints(instance.widgets, page)
        rule = rules.get(field_id_of(widget.path)) if widget.kind == "file" else None
        if rule is not None:
            hint = messages.HINT_MANY if rule.repeated else messages.HINT_ONE
            kinds = messages.kinds_text(rule.kinds)
            widget.file_hint = str(hint) % {
                "kinds": kinds,
                "mb": rule.max_mb,
                "count": rule.max_count,
            }
