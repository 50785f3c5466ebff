"""Attachments at rest: sealed per record, deleted with their draft or submission, re-wrapped."""

from __future__ import annotations

import base64
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from rathaus.common.crypto import DEVELOPMENT_KEY_ENTRY, CryptoError, Sealed
from rathaus.forms.definition import FormDef
from rathaus.forms.models import FormVersion
from rathaus.forms.ownformat import FormDefinitionError, form_from_text
from rathaus.submissions.attachments.content import clean_file_name
from rathaus.submissions.attachments.rules import FileRule
from rathaus.submissions.attachments.selectors import attachment_content
from rathaus.submissions.attachments.services import (
    AttachmentRefused,
    attachment_add,
    attachment_storage,
)
from rathaus.submissions.models import Attachment, Draft, Submission
from rathaus.submissions.owners import Owner
from rathaus.submissions.services import draft_delete, draft_start, drafts_delete_expired
from rathaus.submissions.submitting import submission_create, submission_delete
from tests.submissions.files import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

RULE = FileRule(field_id="nachweis", kinds=("pdf", "png"), max_bytes=1024 * 1024, max_count=1)
NEW_KEY = "k2027:" + base64.urlsafe_b64encode(bytes(range(32))).decode()


@pytest.fixture
def draft(form_version: FormVersion, anonymous: Owner) -> Draft:
    return draft_start(form_version=form_version, owner=anonymous)


def _add(draft: Draft, data: bytes | None = None, name: str = "nachweis.pdf") -> Attachment:
    return attachment_add(
        draft=draft, field_id="nachweis", file_name=name, data=data or pdf_bytes(), rule=RULE
    )


def _files() -> list[Path]:
    return [p for p in Path(attachment_storage().location).rglob("*") if p.is_file()]


def test_deleting_a_draft_deletes_its_files(draft: Draft, on_commit: Any) -> None:
    _add(draft)
    with on_commit(execute=True):
        draft_delete(draft=draft)
    assert not Attachment.objects.exists()
    assert _files() == []


def test_deleting_drafts_in_the_admin_deletes_their_files(draft: Draft, on_commit: Any) -> None:
    from django.contrib import admin

    _add(draft)
    with on_commit(execute=True):
        admin.site._registry[Draft].delete_queryset(None, Draft.objects.all())  # type: ignore[arg-type]
    assert not Attachment.objects.exists() and _files() == []


def test_the_purge_of_expired_drafts_deletes_their_files(draft: Draft, on_commit: Any) -> None:
    _add(draft)
    with on_commit(execute=True):
        drafts_delete_expired(now=timezone.now() + timedelta(days=365))
    assert not Draft.objects.exists() and not Attachment.objects.exists()
    assert _files() == []


def test_a_submission_takes_over_referenced_files_and_deletes_them_when_deleted(
    draft: Draft, on_commit: Any
) -> None:
    kept, dropped = _add(draft), _add(draft, png_bytes(), "alt.png")
    data = {
        "nachweis": {
            "id": str(kept.pk),
            "name": kept.name,
            "size": kept.size,
            "sha512": kept.sha512,
            "content_type": kept.content_type,
        }
    }
    with on_commit(execute=True):
        submission, _ = submission_create(draft=draft, data=data, authority=None, municipality=None)
    kept.refresh_from_db()
    assert kept.submission == submission and kept.draft is None
    assert not Attachment.objects.filter(pk=dropped.pk).exists()
    assert len(_files()) == 1
    with on_commit(execute=True):
        submission_delete(submission=submission)
    assert not Submission.objects.exists() and not Attachment.objects.exists()
    assert _files() == []


def test_sealed_bytes_do_not_open_as_another_attachment(draft: Draft) -> None:
    first, second = _add(draft), _add(draft, png_bytes(), "foto.png")
    second.storage_name = first.storage_name
    with pytest.raises(CryptoError):
        attachment_content(attachment=second)


def test_altered_bytes_on_disk_are_detected(draft: Draft) -> None:
    attachment = _add(draft)
    [path] = _files()
    blob = bytearray(path.read_bytes())
    blob[-10] ^= 1
    path.write_bytes(bytes(blob))
    with pytest.raises(CryptoError):
        attachment_content(attachment=attachment)


def test_keys_rotate_rewraps_attachments(draft: Draft, capsys: Any) -> None:
    data = pdf_bytes()
    attachment = _add(draft, data)
    with override_settings(RATHAUS_ENCRYPTION_KEYS=[NEW_KEY, DEVELOPMENT_KEY_ENTRY]):
        call_command("keys", "rotate", stdout=io.StringIO())
        attachment.refresh_from_db()
        with attachment_storage().open(attachment.storage_name, "rb") as stored:
            assert Sealed.from_bytes(stored.read()).key_id == "k2027"
        assert attachment_content(attachment=attachment) == data
        assert len(_files()) == 1  # the old file is gone
    with (
        override_settings(RATHAUS_ENCRYPTION_KEYS=[DEVELOPMENT_KEY_ENTRY]),
        pytest.raises(CryptoError),
    ):
        attachment_content(attachment=attachment)


def test_a_file_too_large_for_the_rule_is_refused_without_a_trace(draft: Draft) -> None:
    with pytest.raises(AttachmentRefused) as refused:
        _add(draft, pdf_bytes() + b"0" * (1024 * 1024), "riesig.pdf")
    assert "größer als 1 MB" in refused.value.message.de
    assert "larger than 1 MB" in refused.value.message.en
    assert not Attachment.objects.exists() and _files() == []


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Erika\\Bescheid.pdf", "Bescheid.pdf"),
        ("bescheid\x00\x1b[31m.pdf", "bescheid[31m.pdf"),
        ("", "datei"),
        (" .. ", "datei"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_file_names_are_cleaned(given: str, kept: str) -> None:
    assert clean_file_name(given) == kept


def test_file_options_belong_to_file_fields_and_known_types() -> None:
    base = "id: f\ntitle: T\npages:\n  - id: p\n    title: P\n    elements:\n"
    with pytest.raises(FormDefinitionError, match="nur beim Typ `file`"):
        form_from_text((base + "      - {id: a, label: A, accept: [pdf]}\n").encode())
    with pytest.raises(FormDefinitionError, match="unbekannte Dateiart exe"):
        form_from_text((base + "      - {id: a, label: A, type: file, accept: [exe]}\n").encode())
    ok = form_from_text((base + "      - {id: a, label: A, type: file, accept: [zip]}\n").encode())
    assert isinstance(ok, FormDef)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run the on-commit file deletions, as a real commit would."""
    return django_capture_on_commit_callbacks
