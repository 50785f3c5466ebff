"""Speed of the form engine on generated forms of the shapes named in the forms issue.

Run: .venv/bin/python benchmarks/form_engine_benchmark.py [--runs 200]

Two deterministic forms: a 10-page form with 100 rules, and a 700-field form with 100
conditions and 20 computed values. Printed per form: build (index + compile) time; all rules
evaluated (full state) and the incremental update after one changed answer (p50/p95);
validating the whole submission and one page; and, as the baseline in the same process,
`jsonschema` validating the same submission against the exported schema. The form.io
figures (@formio/core 2.8.3 on the same shapes, from the issue) are printed for comparison.
Figures, not a timed test: nothing fails when a goal is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from jsonschema import Draft202012Validator

from rathaus.forms.definition import FormDef
from rathaus.forms.engine import CompiledForm
from rathaus.forms.jsonschema_export import json_schema

FORMIO_MS = {"rules100": 27.0, "conditions700": 155.0, "validate700": 475.0}
GOAL_MS = {"rules100": 1.0, "validate700": 10.0, "page": 50.0}
KINDS = ["text", "integer", "date", "decimal", "multiline", "currency", "boolean", "text"]


def _field(ident: str, kind: str, rng: random.Random) -> dict[str, Any]:
    field: dict[str, Any] = {"id": ident, "label": f"Feld {ident}", "type": kind}
    field["required"] = rng.random() < 0.4
    if kind in ("text", "multiline"):
        field["max_length"] = rng.choice([60, 200, 1000])
    if kind == "text" and rng.random() < 0.2:
        field["pattern"] = "[0-9]{5}"
    if kind in ("integer", "decimal"):
        field["minimum"], field["maximum"] = 0, 1000
    return field


def form_generate(pages: int, per_page: int, conditions: int, computed: int) -> FormDef:
    """A form with `pages` pages of `per_page` fields; each page opens with a selection and
    a yes/no question that the conditions read; every 7th field sits in a group."""
    rng = random.Random(4)  # deterministic
    page_defs, controllers, targets, numbers = [], [], [], []
    for p in range(pages):
        select = {
            "id": f"s{p}",
            "label": "Art",
            "type": "select",
            "required": True,
            "choices": [{"value": v, "label": v} for v in ("a", "b", "c")],
        }
        flag = {"id": f"b{p}", "label": "Ja/Nein", "type": "boolean"}
        controllers.append((f"s{p}", f"b{p}"))
        elements: list[dict[str, Any]] = [select, flag]
        group: dict[str, Any] | None = None
        for n in range(per_page - 2):
            ident = f"f{p}_{n}"
            kind = KINDS[n % len(KINDS)]
            field = _field(ident, kind, rng)
            (numbers if kind == "integer" else targets).append(ident)
            if n % 7 == 6:
                group = {"id": f"g{p}_{n}", "label": "Gruppe", "min_items": 0, "children": [field]}
                elements.append(group)
            else:
                elements.append(field)
        page_defs.append({"id": f"p{p}", "title": f"Seite {p}", "elements": elements})
    rules = _rules(rng, controllers, targets, numbers, conditions, computed)
    return FormDef.model_validate(
        {"id": "benchmark", "title": "Benchmark", "pages": page_defs, "rules": rules}
    )


def _rules(
    rng: random.Random,
    controllers: list[tuple[str, str]],
    targets: list[str],
    numbers: list[str],
    conditions: int,
    computed: int,
) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = []
    computed_targets = numbers[-computed:] if computed else []
    inputs = [n for n in numbers if n not in computed_targets]
    for i, target in enumerate(rng.sample(targets, conditions)):
        select, flag = rng.choice(controllers)
        expression = rng.choice(
            [
                f"{select} == 'a'",
                f"{select} in ['a', 'b'] and {flag}",
                f"not {flag} or {select} != 'c'",
                f"filled({select}) and {flag} == true",
            ]
        )
        kind = "visible" if i % 3 else "required"
        rules.append({"id": f"r{i}", "kind": kind, "targets": [target], "expression": expression})
    for i, target in enumerate(computed_targets):
        first, second = rng.sample(inputs, 2)
        rules.append(
            {
                "id": f"c{i}",
                "kind": "compute",
                "targets": [target],
                "expression": f"{first} + {second} * 2",
            }
        )
    return rules


def answers_generate(form: CompiledForm) -> dict[str, Any]:
    """Every field answered validly, then what is hidden dropped: a valid submission."""
    values = {
        "text": "12345",
        "multiline": "Zeile",
        "integer": 42,
        "decimal": 3.5,
        "currency": "12.50",
        "date": "1990-05-17",
        "boolean": True,
        "select": "a",
    }
    answers: dict[str, Any] = {}
    for page in form.form.pages:
        for element in page.elements:
            if hasattr(element, "children"):
                answers[element.id] = {c.id: values[c.type.value] for c in element.children}
            else:
                answers[element.id] = values[element.type.value]
    return form.clean(answers)[0]


def timed(run: Callable[[], object], runs: int) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def report(
    name: str, figures: tuple[float, float], goal: float | None = None, formio: float | None = None
) -> None:
    p50, p95 = figures
    line = f"  {name:<52} p50 {p50:8.3f} ms   p95 {p95:8.3f} ms"
    if goal is not None:
        line += f"   goal ≤ {goal:g} ms {'ok' if p50 <= goal else 'MISSED'}"
    if formio is not None:
        line += f"   form.io {formio:g} ms (×{formio / p50:,.0f})"
    print(line)


def benchmark(
    title: str,
    form_def: FormDef,
    runs: int,
    formio_state: float,
    goal_state: float | None,
    formio_validate: float | None = None,
) -> None:
    """Build, evaluate and validate one form, printing the figures."""
    print(f"\n{title}")
    start = time.perf_counter()
    form = CompiledForm.build(form_def)
    build_ms = (time.perf_counter() - start) * 1000
    print(f"  {len(form.elements)} elements, {len(form.rules)} rules")
    print(f"  build (index + compile), once per published version: {build_ms:.1f} ms")
    answers = answers_generate(form)
    state_figures(form, answers, runs, formio_state, goal_state)
    validation_figures(form, form_def, answers, runs, formio_validate)


def state_figures(
    form: CompiledForm,
    answers: dict[str, Any],
    runs: int,
    formio: float,
    goal: float | None,
) -> None:
    """Full rule evaluation and the incremental update after one change."""
    report(
        "all rules evaluated (full state)", timed(lambda: form.state(answers), runs), goal, formio
    )
    state = form.state(answers)
    changed = dict(answers, s0="b")
    rerun = state.update("s0", changed).evaluations
    print(f"  (changing s0 re-runs {rerun} of {len(form.order)} rules)")
    update = timed(lambda: state.update("s0", changed), runs)
    report("incremental update after one change", update, goal, formio)


def validation_figures(
    form: CompiledForm,
    form_def: FormDef,
    answers: dict[str, Any],
    runs: int,
    formio: float | None,
) -> None:
    """Whole submission, one page, and jsonschema on the same data as the baseline."""
    problems = form.validate(answers)
    print(f"  (the submission: {len(answers)} top-level keys, {len(problems)} problems)")
    whole = timed(lambda: form.validate(answers), runs)
    report("whole submission validated", whole, GOAL_MS["validate700"], formio)
    report(
        "one page validated",
        timed(lambda: form.validate(answers, page="p1"), runs),
        GOAL_MS["page"],
    )
    schema, _ = json_schema(form_def)
    validator = Draft202012Validator(schema)
    assert validator.is_valid(answers)
    baseline = timed(lambda: validator.is_valid(answers), max(runs // 4, 5))
    report("baseline: jsonschema validating the same submission", baseline)
    ratio = whole[0] / baseline[0]
    print(f"  engine / jsonschema (p50): {ratio:.2f}, the engine ×{1 / ratio:.1f} faster")


def main() -> None:
    """Print the figures for both shapes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    runs = parser.parse_args().runs
    print(f"form engine benchmark, {dt.date.today()}, {runs} runs per figure")
    benchmark(
        "100 rules on 10 pages",
        form_generate(10, 14, 100, 0),
        runs,
        FORMIO_MS["rules100"],
        GOAL_MS["rules100"],
    )
    benchmark(
        "700 fields, 100 conditions, 20 computed values",
        form_generate(10, 70, 100, 20),
        runs,
        FORMIO_MS["conditions700"],
        None,
        FORMIO_MS["validate700"],
    )


if __name__ == "__main__":
    main()
