"""One page of the 700-field form validated and rendered, as the citizen's browser gets it.

Run: .venv/bin/python benchmarks/form_page_benchmark.py [--runs 100]

Goal (forms issue): one page of the 700-field form validated and rendered ≤ 50 ms. Printed:
p50/p95 of parsing the posted page, validating it and rendering the full HTML page (base
layout, KERN markup, error summary); and, as the baseline in the same process, Django's own
form machinery rendering a page with the same number of plain text fields.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django

django.setup()

from django import forms as django_forms  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import RequestFactory, override_settings  # noqa: E402

from form_engine_benchmark import answers_generate, form_generate, timed  # noqa: E402
from rathaus.forms.engine import CompiledForm  # noqa: E402
from rathaus.forms.web.inputs import parse_page  # noqa: E402
from rathaus.forms.web.widgets import WidgetBuilder  # noqa: E402

PLAIN_STORAGE = {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}


def _post_of(widgets_answers: dict[str, object]) -> dict[str, str]:
    """What a browser would post for these answers (good enough for timing the parser)."""
    post: dict[str, str] = {}
    for key, value in widgets_answers.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            year, month, day = value.split("-")
            post.update({f"{key}.tag": day, f"{key}.monat": month, f"{key}.jahr": year})
        elif isinstance(value, bool):
            post[key] = "ja" if value else "nein"
        elif value is not None:
            post[key] = str(value)
    return post


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=100)
    runs = parser.parse_args().runs
    form = CompiledForm.build(form_generate(pages=10, per_page=70, conditions=100, computed=20))
    answers = answers_generate(form)
    page = form.form.pages[3]
    post = _post_of({e.id: answers.get(e.id) for e in page.elements})
    request = RequestFactory().post("/", post)
    fields = {
        f"f{i}": django_forms.CharField(label=f"Frage {i}") for i in range(len(page.elements))
    }
    baseline_form = type("Baseline", (django_forms.Form,), fields)

    def ours() -> str:
        parsed = parse_page(page, request.POST, {}, {})
        merged = {**answers, **parsed}
        problems = form.validate(merged, page=page.id, strict=False)
        widgets = WidgetBuilder(form.state(merged), problems, "de").page(page, merged)
        return render_to_string(
            "forms/page.html",
            {
                "definition": form.form,
                "page": page,
                "widgets": widgets,
                "language": "de",
                "problems": [],
                "dropped": [],
                "step": 4,
                "steps": 10,
                "back": "/",
                "version": {"form": {"key": "x"}, "number": 1},
            },
            request=request,
        )

    def baseline() -> str:
        bound = baseline_form({f"f{i}": "x" for i in range(len(fields))})
        bound.is_valid()
        return render_to_string("ui/base.html", {"content": str(bound)}, request=request)

    with override_settings(STORAGES=PLAIN_STORAGE):
        assert "form-page" in ours()
        p50, p95 = timed(ours, runs)
        b50, b95 = timed(baseline, runs)
    print(f"page of {len(page.elements)} fields (700-field form, 100 conditions, 20 computed)")
    print(f"parse + validate + render:  p50 {p50:.1f} ms  p95 {p95:.1f} ms  (goal ≤ 50 ms)")
    print(f"baseline Django form, same number of text fields: p50 {b50:.1f} ms  p95 {b95:.1f} ms")
    print(f"ratio ours/baseline: p50 {p50 / b50:.1f}x")


if __name__ == "__main__":
    main()
