"""Every real FIM schema that imports also renders: every page, as the citizen gets it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.utils.html import escape

from rathaus.forms.engine import CompiledForm
from rathaus.forms.fim import fim_import
from rathaus.forms.web.widgets import WidgetBuilder

FIM = Path(settings.RATHAUS_DATA_DIR) / "fim"
SCHEMAS = sorted(p for p in (FIM / "real").glob("*/S*.xml*") if ".xdf1." not in p.name)
PLAIN = {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.parent.name)
def test_every_page_of_a_real_schema_renders(path: Path) -> None:
    result = fim_import(path.read_bytes(), filename=str(path), codelist_dirs=[FIM / "codelists"])
    compiled = CompiledForm.build(result.form)
    state = compiled.state({})
    request = RequestFactory().get("/")
    rendered = 0
    with override_settings(STORAGES=PLAIN):
        for page in compiled.form.pages:
            widgets = WidgetBuilder(state, [], "de").page(page, {})
            html = render_to_string(
                "submissions/page.html",
                {
                    "definition": compiled.form,
                    "page": page,
                    "widgets": widgets,
                    "language": "de",
                    "problems": [],
                    "dropped": [],
                    "step": 1,
                    "steps": 1,
                    "back": "/",
                    "version": {"form": {"key": "x"}, "number": 1},
                    "session_seconds": 3600,
                },
                request=request,
            )
            assert f'<h1 class="kern-heading-large">{escape(page.title.de)}</h1>' in html
            # a page whose questions a rule hides until an earlier answer is skipped by the
            # flow; every question that is shown must be on the page
            assert all(escape(w.label) in html for w in widgets)
            rendered += bool(widgets)
    assert rendered >= 1
