"""Staff upload a FIM schema or an own-format file in the admin and publish it."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rathaus.forms.models import FormVersion, VersionStatus
from tests.staff import staff_client

pytestmark = pytest.mark.django_db
UPLOAD = "/verwaltung/forms/form/hochladen/"
EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "rathaus" / "forms" / "examples"


@pytest.fixture
def editor(client: Client) -> Client:
    return staff_client(User.objects.get(username="redaktion"), client)


def _file(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def _schema(data_dir: Path, schema_id: str) -> Path:
    return sorted((data_dir / "fim" / "real" / schema_id).glob("S*.xml*"))[0]


def test_the_form_list_offers_the_upload(editor: Client) -> None:
    assert UPLOAD in editor.get("/verwaltung/forms/form/").content.decode()
    assert editor.get(UPLOAD).status_code == 200


def test_a_fim_schema_with_its_code_list_is_uploaded_and_published(
    editor: Client,
    data_dir: Path,
) -> None:
    staat = data_dir / "fim" / "codelists" / "destatis_staat_2023-02-24.xml"
    before = FormVersion.objects.filter(form__key="S07000000201").count()
    response = editor.post(
        UPLOAD,
        {
            "schema": _file(_schema(data_dir, "S07000000201")),
            "codelists": [_file(staat)],
            "service": "99067003007000",
            "trust_level": "hoch",
            "publish": "on",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    version = FormVersion.objects.filter(form__key="S07000000201").latest("number")
    assert version.number == before + 1  # the upload's own version, not the demo's
    assert version.status == VersionStatus.PUBLISHED
    assert version.source_name.startswith("S07000000201")
    assert version.definition["trust_level"] == "hoch"  # FIM has none: set at upload


def test_without_the_code_list_it_stays_a_draft_with_a_warning(
    editor: Client,
    data_dir: Path,
) -> None:
    response = editor.post(
        UPLOAD, {"schema": _file(_schema(data_dir, "S07000000210")), "publish": "on"}, follow=True
    )
    assert "nicht veröffentlicht" in response.content.decode()
    version = FormVersion.objects.filter(form__key="S07000000210").latest("number")
    assert version.status == VersionStatus.DRAFT


def test_a_gzipped_schema_and_an_own_format_file_are_accepted(
    editor: Client,
    data_dir: Path,
    tmp_path: Path,
) -> None:
    packed = tmp_path / "asbest.xml.gz"
    packed.write_bytes(gzip.compress(_schema(data_dir, "S00000186").read_bytes()))
    assert editor.post(UPLOAD, {"schema": _file(packed)}).status_code == 302
    own = editor.post(UPLOAD, {"schema": _file(EXAMPLES / "sperrmuell.yaml")})
    assert own.status_code == 302


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        b"id: x\ntitle: X\npages: []\n",
        b"\xff\xfe\x00garbage",
    ],
)
def test_bad_files_are_refused_on_the_page_and_nothing_is_stored(
    editor: Client,
    content: bytes,
) -> None:
    count = FormVersion.objects.count()
    response = editor.post(UPLOAD, {"schema": SimpleUploadedFile("kaputt.xml", content)})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert FormVersion.objects.count() == count


def test_an_unknown_service_key_is_refused(editor: Client) -> None:
    response = editor.post(
        UPLOAD, {"schema": _file(EXAMPLES / "sperrmuell.yaml"), "service": "00000000000000"}
    )
    assert "Keine Leistung mit diesem Schlüssel" in response.content.decode()


def test_drafts_are_published_by_an_admin_action(editor: Client, data_dir: Path) -> None:
    editor.post(UPLOAD, {"schema": _file(EXAMPLES / "hundesteuer.yaml")})
    draft = FormVersion.objects.filter(form__key="hundesteuer_anmeldung").latest("number")
    editor.post(
        "/verwaltung/forms/formversion/", {"action": "publish", "_selected_action": [str(draft.pk)]}
    )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED


def test_anonymous_visitors_cannot_upload(client: Client) -> None:
    response = client.get(UPLOAD)
    assert response.status_code == 302 and "/verwaltung/login/" in response["Location"]
