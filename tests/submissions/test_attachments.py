"""Files in application forms: kept sealed, checked by content and size, scanned, handed on."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from pypdf import PdfReader

from rathaus.forms.ownformat import form_from_text
from rathaus.forms.services import form_version_create, form_version_publish
from rathaus.submissions.attachments.rules import FileRule
from rathaus.submissions.attachments.selectors import attachment_content
from rathaus.submissions.attachments.services import attachment_add, attachment_storage
from rathaus.submissions.delivery.package import package_for
from rathaus.submissions.models import (
    Attachment,
    Draft,
    DraftResumeToken,
    ScanResult,
    Submission,
)
from tests.submissions import journey
from tests.submissions.files import EICAR, pdf_bytes, png_bytes, zip_bomb_bytes, zip_bytes
from tests.submissions.test_pages import BEFREIUNG, CHECK

pytestmark = pytest.mark.django_db

# A form whose first field takes archives and whose files are limited to two in all.
ARCHIVE_FORM = """
id: unterlagen_test
title: {de: Unterlagen einreichen, en: Hand in documents}
max_files: 2
pages:
  - id: unterlagen
    title: Unterlagen
    elements:
      - {id: archiv, label: Archiv mit Belegen, type: file, accept: [zip, pdf]}
      - {id: bilder, label: Bilder, type: file, max_items: 5, accept: [png]}
"""
UNTERLAGEN = "/formulare/unterlagen_test/seite/unterlagen/"


@pytest.fixture
def archive_form(db: None, fresh_form_caches: None) -> None:
    """A published form that allows ZIP archives on one field."""
    version = form_version_create(definition=form_from_text(ARCHIVE_FORM.encode()))
    form_version_publish(version=version)


FOTOS = journey.START + "seite/gegenstaende/"
TIERHEIM = {"befreiung_beantragt": "ja", "befreiung_grund": "tierheim"}


def _upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type)


def _html(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _stored_files() -> list[Path]:
    return [p for p in Path(attachment_storage().location).rglob("*") if p.is_file()]


def _post_proof(client: Client, upload: SimpleUploadedFile) -> Any:
    return client.post(BEFREIUNG, {**TIERHEIM, "nachweis": upload})


def test_a_real_pdf_is_stored_sealed_with_its_true_checksum(client: Client) -> None:
    data = pdf_bytes()
    response = _post_proof(client, _upload("Bescheid Tierheim.pdf", data))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.name == "Bescheid Tierheim.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(data)
    assert attachment.sha512 == hashlib.sha512(data).hexdigest()
    assert attachment.scan_result == ScanResult.NOT_SCANNED  # no scanner configured here
    assert attachment.draft is not None and attachment.submission is None
    [on_disk] = _stored_files()
    sealed = on_disk.read_bytes()
    assert b"%PDF" not in sealed and data not in sealed
    assert attachment_content(attachment=attachment) == data


def test_check_page_lists_the_uploaded_file_with_its_size(client: Client) -> None:
    _post_proof(client, _upload("nachweis.pdf", pdf_bytes()))
    html = _html(client.get(CHECK))
    assert "nachweis.pdf (" in html
    assert re.search(r"nachweis\.pdf \(\d+ Bytes\)", html)


def test_several_photos_go_to_a_field_that_takes_several(client: Client) -> None:
    client.get(journey.START, {"ags": "06611000"})
    photos = [_upload("sofa.png", png_bytes(), "image/png"), _upload("plan.pdf", pdf_bytes())]
    response = client.post(FOTOS, {**journey.GOOD[FOTOS], "fotos": photos})
    assert response.status_code == 302
    stored = {a.name: a.content_type for a in Attachment.objects.all()}
    assert stored == {"sofa.png": "image/png", "plan.pdf": "application/pdf"}
    page = _html(client.get(FOTOS))
    assert "Hochgeladen: sofa.png" in page and "multiple" in page


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(client: Client) -> None:
    big = pdf_bytes() + b"%" + b"0" * (1024 * 1024)
    with override_settings(RATHAUS_UPLOAD_MAX_MB=1):
        response = _post_proof(client, _upload("gross.pdf", big))
    html = _html(response)
    assert response.status_code == 200
    assert "<title>Fehler:" in html
    assert "„gross.pdf“ ist größer als 1 MB" in html
    assert 'href="#f-nachweis"' in html  # the error summary links to the file input
    assert not Attachment.objects.exists()
    assert _stored_files() == []


def test_the_size_message_is_english_on_the_english_page(client: Client) -> None:
    big = pdf_bytes() + b"0" * (1024 * 1024)
    with override_settings(RATHAUS_UPLOAD_MAX_MB=1):
        response = client.post(
            BEFREIUNG, {**TIERHEIM, "nachweis": _upload("big.pdf", big)}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert "is larger than 1 MB" in _html(response)


def test_more_files_than_a_field_takes_are_refused(client: Client) -> None:
    client.get(journey.START, {"ags": "06611000"})
    photos = [_upload(f"foto{i}.png", png_bytes(), "image/png") for i in range(4)]
    response = client.post(FOTOS, {**journey.GOOD[FOTOS], "fotos": photos})
    assert response.status_code == 200
    assert "höchstens 3 Dateien" in _html(response)
    assert not Attachment.objects.exists()


def test_a_text_file_named_pdf_is_refused(client: Client) -> None:
    fake = _upload("antrag.pdf", b"Sehr geehrte Damen und Herren, anbei mein Antrag.")
    response = _post_proof(client, fake)
    html = _html(response)
    assert response.status_code == 200
    assert "„antrag.pdf“ ist keine erlaubte Datei. Erlaubt sind: PDF, JPEG, PNG" in html
    assert "nicht ihr Name" in html
    assert not Attachment.objects.exists()


def test_a_pdf_header_without_a_pdf_body_is_refused(client: Client) -> None:
    response = _post_proof(client, _upload("kaputt.pdf", b"%PDF-1.7\nabgeschnitten"))
    assert "keine gültige PDF-Datei" in _html(response)
    assert not Attachment.objects.exists()


def test_a_png_is_refused_where_only_pdf_would_do(client: Client) -> None:
    # by name a PDF, by content a PNG: the content decides, and PNG is allowed there
    response = _post_proof(client, _upload("scan.pdf", png_bytes()))
    assert response.status_code == 302
    assert Attachment.objects.get().content_type == "image/png"


def test_a_new_file_replaces_the_old_one_of_a_single_file_field(client: Client) -> None:
    _post_proof(client, _upload("erst.pdf", pdf_bytes()))
    _post_proof(client, _upload("dann.pdf", pdf_bytes(2)))
    assert list(Attachment.objects.values_list("name", flat=True)) == ["dann.pdf"]


def test_the_owner_removes_a_file_and_its_sealed_bytes_go(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    _post_proof(client, _upload("weg.pdf", pdf_bytes()))
    attachment = Attachment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BEFREIUNG, {"_datei_entfernen": str(attachment.pk)})
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert _stored_files() == []


def test_someone_elses_file_cannot_be_removed(client: Client) -> None:
    _post_proof(client, _upload("meins.pdf", pdf_bytes()))
    attachment = Attachment.objects.get()
    stranger = Client()
    stranger.post(BEFREIUNG, TIERHEIM)  # has a draft of the same form
    response = stranger.post(BEFREIUNG, {"_datei_entfernen": str(attachment.pk)})
    assert response.status_code == 404
    assert stranger.post(BEFREIUNG, {"_datei_entfernen": "kein-uuid"}).status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_eicar_is_refused_by_a_real_clamd(client: Client, clamd_scanning: Path) -> None:
    response = _post_proof(client, _upload("rechnung.pdf", EICAR))
    html = _html(response)
    assert response.status_code == 200
    assert "Die Datei „rechnung.pdf“ enthält Schadsoftware und wurde nicht angenommen" in html
    assert not Attachment.objects.exists()
    assert _stored_files() == []


def test_eicar_gets_the_english_message_on_the_english_page(
    client: Client, clamd_scanning: Path
) -> None:
    response = client.post(
        BEFREIUNG,
        {**TIERHEIM, "nachweis": _upload("invoice.pdf", EICAR)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "The file “invoice.pdf” contains malware" in _html(response)


def test_clean_files_are_recorded_as_scanned(client: Client, clamd_scanning: Path) -> None:
    assert _post_proof(client, _upload("sauber.pdf", pdf_bytes())).status_code == 302
    assert Attachment.objects.get().scan_result == ScanResult.CLEAN


def test_an_unreachable_scanner_refuses_the_upload(client: Client, tmp_path: Path) -> None:
    with override_settings(RATHAUS_CLAMD_SOCKET=str(tmp_path / "kein-clamd.sock")):
        response = _post_proof(client, _upload("nachweis.pdf", pdf_bytes()))
    html = _html(response)
    assert response.status_code == 200
    assert "gerade nicht auf Schadsoftware prüfen" in html and "noch einmal" in html
    assert not Attachment.objects.exists()
    assert _stored_files() == []


def test_the_submission_carries_its_files_to_delivery_and_receipt(client: Client) -> None:
    photo, plan = png_bytes(), pdf_bytes()
    journey.GOOD[FOTOS] = {
        **journey.GOOD[FOTOS],
        "fotos": [_upload("sofa.png", photo, "image/png"), _upload("plan.pdf", plan)],
    }
    try:
        submission = journey.send(client)
    finally:
        journey.GOOD[FOTOS] = {k: v for k, v in journey.GOOD[FOTOS].items() if k != "fotos"}
    assert not Draft.objects.exists()
    stored = list(Attachment.objects.order_by("created_at"))
    assert [a.submission_id for a in stored] == [submission.pk, submission.pk]
    package = package_for(submission.deliveries.get())
    assert {a.name: a.content for a in package.attachments} == {"sofa.png": photo, "plan.pdf": plan}
    assert {a.sha512 for a in package.attachments} == {
        hashlib.sha512(photo).hexdigest(),
        hashlib.sha512(plan).hexdigest(),
    }
    receipt = client.get(f"/formulare/eingang/{submission.pk}/eingangsbestaetigung.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(receipt.content)).pages)
    assert "Anlagen" in text and "sofa.png" in text and "plan.pdf" in text


def test_a_zip_bomb_is_refused_where_archives_are_allowed(
    client: Client, archive_form: None
) -> None:
    bomb = zip_bomb_bytes(200)
    assert len(bomb) < 1024 * 1024  # small on the wire, 200 MB unpacked
    response = client.post(UNTERLAGEN, {"archiv": _upload("belege.zip", bomb, "application/zip")})
    assert response.status_code == 200
    assert "„belege.zip“ würde beim Entpacken zu groß" in _html(response)
    assert not Attachment.objects.exists()


def test_a_harmless_zip_is_accepted_where_archives_are_allowed(
    client: Client, archive_form: None
) -> None:
    response = client.post(UNTERLAGEN, {"archiv": _upload("belege.zip", zip_bytes())})
    assert response.status_code == 302
    assert Attachment.objects.get().content_type == "application/zip"


def test_archives_are_refused_where_the_field_does_not_allow_them(client: Client) -> None:
    response = _post_proof(client, _upload("nachweis.zip", zip_bytes(), "application/zip"))
    assert "ist keine erlaubte Datei" in _html(response)
    assert not Attachment.objects.exists()


def test_the_form_wide_file_limit_counts_every_field(client: Client, archive_form: None) -> None:
    first = client.post(UNTERLAGEN, {"archiv": _upload("antrag.pdf", pdf_bytes())})
    assert first.status_code == 302
    images = [_upload(f"bild{i}.png", png_bytes(), "image/png") for i in range(2)]
    response = client.post(UNTERLAGEN, {"bilder": images})
    assert "Zu diesem Antrag können Sie höchstens 2 Dateien hochladen" in _html(response)
    assert Attachment.objects.count() == 1


def test_the_settings_keep_uploads_out_of_memory_beyond_the_limit() -> None:
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.STORAGES["attachments"]["BACKEND"].endswith("FileSystemStorage")


def test_sending_removes_the_draft_with_its_unused_files_and_resume_links(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    journey.fill(client)
    draft = Draft.objects.get()
    # a file stored for the draft that its answers never took up (a page left unsaved in
    # another tab), and a link to continue on another device
    attachment_add(
        draft=draft,
        field_id="nachweis",
        file_name="vergessen.pdf",
        data=pdf_bytes(),
        rule=FileRule(field_id="nachweis", kinds=("pdf",), max_bytes=10**6, max_count=1),
    )
    DraftResumeToken.objects.create(
        draft=draft, token_hash="a" * 64, expires_at=timezone.now() + timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(journey.SUBMIT)
    assert response.status_code == 302
    assert Submission.objects.get().draft_id == draft.pk
    assert not Draft.objects.exists() and not DraftResumeToken.objects.exists()
    assert not Attachment.objects.exists()
    assert _stored_files() == []
