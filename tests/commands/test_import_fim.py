"""rathaus import fim FILE: a real FIM schema becomes a form version, or is refused clearly."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rathaus.forms.models import Form, FormVersion, VersionStatus

pytestmark = pytest.mark.django_db


def _schema(data_dir: Path, schema_id: str) -> Path:
    return sorted((data_dir / "fim" / "real" / schema_id).glob("S*.xml*"))[0]


def test_a_schema_with_all_its_code_lists_is_imported_and_published(data_dir: Path) -> None:
    out = StringIO()
    before = FormVersion.objects.filter(form__key="S07000000210").count()
    call_command(
        "import",
        "fim",
        str(_schema(data_dir, "S07000000210")),
        "--codelists",
        str(data_dir / "fim" / "codelists"),
        stdout=out,
    )
    text = out.getvalue()
    assert "XDatenfelder 3.0.0: S07000000210 1.2.0" in text
    version = FormVersion.objects.filter(form__key="S07000000210").latest("number")
    assert version.number == before + 1 and version.status == VersionStatus.DRAFT
    assert version.report["schema_id"] == "S07000000210"
    assert version.definition["fim"]["id"] == "S07000000210"


def test_a_missing_code_list_keeps_the_version_a_draft_and_names_the_list(
    data_dir: Path,
) -> None:
    with pytest.raises(CommandError) as error:
        call_command(
            "import", "fim", str(_schema(data_dir, "S00000121")), "--publish", stdout=StringIO()
        )
    assert "nicht veröffentlicht" in str(error.value)
    assert "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:staat" in str(error.value)
    assert Form.objects.get(key="S00000121").versions.get().status == VersionStatus.DRAFT


def test_xdatenfelder_1_is_refused_naming_the_version(data_dir: Path) -> None:
    with pytest.raises(CommandError, match="XDatenfelder 1"):
        call_command("import", "fim", str(_schema(data_dir, "S00000036")))
    assert not Form.objects.filter(key="S00000036").exists()


def test_a_hostile_file_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    hostile = tmp_path / "xxe.xml"
    hostile.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        encoding="utf-8",
    )
    count = FormVersion.objects.count()
    with pytest.raises(CommandError, match=r"xxe\.xml wurde nicht importiert"):
        call_command("import", "fim", str(hostile))
    assert FormVersion.objects.count() == count


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "gross.xml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB that cost nothing to make
    with pytest.raises(CommandError, match="größer als 20 MB"):
        call_command("import", "fim", str(big))


def test_the_demo_publishes_four_real_fim_forms() -> None:
    published = set(
        FormVersion.objects.filter(
            status=VersionStatus.PUBLISHED, source__in=["xdf2", "xdf3"]
        ).values_list("form__key", flat=True)
    )
    assert {"S07000000201", "S00000094", "S00000000362", "S00000186"} <= published
    jagd = Form.objects.get(key="S07000000201")
    assert jagd.service is not None and jagd.service.leika_key == "99067003007000"


def test_the_demo_skips_fim_forms_clearly_when_the_data_set_has_none(tmp_path: Path) -> None:
    from rathaus.commands.demo_data import demo_forms_create

    titles = demo_forms_create(tmp_path)
    assert "Hund zur Hundesteuer anmelden" in titles
    assert any("S00000186 fehlt" in title and "übersprungen" in title for title in titles)
