"""Stored form versions: drafts, publishing, and published versions that never change."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rathaus.forms.models import Form, FormVersion, VersionStatus
from rathaus.forms.ownformat import form_from_text
from rathaus.forms.selectors import published_version, version_definition
from rathaus.forms.services import (
    PublishRefused,
    form_version_create,
    form_version_publish,
    form_version_update,
)

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "rathaus" / "forms" / "examples"
SELECT_WITHOUT_LIST = """
id: ohne_liste
title: Ohne Liste
pages:
  - id: p1
    title: Seite
    elements:
      - id: staat
        label: Staat
        type: select
        codelist:
          uri: "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:staat"
          version: "2023-02-24"
"""


def _hundesteuer() -> FormVersion:
    definition = form_from_text((EXAMPLES / "hundesteuer.yaml").read_text(encoding="utf-8"))
    return form_version_create(definition=definition, source_name="hundesteuer.yaml")


def test_each_import_is_a_new_numbered_draft() -> None:
    first, second = _hundesteuer(), _hundesteuer()
    assert second.number == first.number + 1
    assert first.form_id == second.form_id
    assert second.status == VersionStatus.DRAFT


def test_publishing_freezes_the_version() -> None:
    version = form_version_publish(version=_hundesteuer())
    assert version.is_published and version.published_at is not None
    definition = version_definition(version=version)
    with pytest.raises(PublishRefused, match="veröffentlichte Version wird nie geändert"):
        form_version_update(version=version, definition=definition)
    version.refresh_from_db()
    assert version.definition["title"]["de"] == "Hund zur Hundesteuer anmelden"


def test_a_draft_can_be_edited_and_keeps_its_number() -> None:
    version = _hundesteuer()
    changed = form_from_text(
        (EXAMPLES / "hundesteuer.yaml")
        .read_text(encoding="utf-8")
        .replace("Hund zur Hundesteuer anmelden", "Hund anmelden")
    )
    updated = form_version_update(version=version, definition=changed)
    assert updated.number == version.number
    assert updated.definition["title"]["de"] == "Hund anmelden"


def test_a_missing_code_list_blocks_publishing_until_it_is_there() -> None:
    version = form_version_create(definition=form_from_text(SELECT_WITHOUT_LIST))
    with pytest.raises(PublishRefused, match=r"staat: Codeliste .*staat fehlt"):
        form_version_publish(version=version)
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_the_newest_published_version_is_the_one_offered() -> None:
    form_version_publish(version=_hundesteuer())
    newer = form_version_publish(version=_hundesteuer())
    _hundesteuer()  # a newer draft is not offered
    assert published_version(form=Form.objects.get(key="hundesteuer_anmeldung")) == newer


def test_the_command_imports_attaches_and_publishes() -> None:
    out = StringIO()
    before = FormVersion.objects.filter(form__key="sperrmuell_abholung").count()
    call_command(
        "import",
        "form",
        str(EXAMPLES / "sperrmuell.yaml"),
        "--service",
        "99001009004002",
        "--publish",
        stdout=out,
    )
    expected = f"Sperrmüll-Abholung bestellen: Version {before + 1} (veröffentlicht)"
    assert expected in out.getvalue()
    form = Form.objects.get(key="sperrmuell_abholung")
    assert form.service is not None and form.service.leika_key == "99001009004002"


def test_the_command_refuses_a_broken_file_and_stores_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "kaputt.yaml"
    broken.write_text("id: x\ntitle: X\npages: []\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"kaputt\.yaml ist kein gültiges Formular"):
        call_command("import", "form", str(broken))
    assert not Form.objects.filter(key="x").exists()


def test_publishing_refused_by_the_command_keeps_the_draft() -> None:
    path = Path(__file__).with_name("ohne_liste.yaml")
    path.write_text(SELECT_WITHOUT_LIST, encoding="utf-8")
    try:
        with pytest.raises(
            CommandError, match="als Entwurf gespeichert, aber nicht veröffentlicht"
        ):
            call_command("import", "form", str(path), "--publish")
    finally:
        path.unlink()
    assert FormVersion.objects.get(form__key="ohne_liste").status == VersionStatus.DRAFT
