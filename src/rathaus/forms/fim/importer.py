"""fim_import: XDatenfelder 2.0 / 3.0.0 Stammdatenschema bytes → a checked FormDef.

Order matters for safety: size and gzip cap, encoding and DTD checks, a parser without
entities or network, then namespace and message type, then the official XSD, and only
then the mapping. Every refusal raises FimImportError; nothing is returned half-done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree
from pydantic import ValidationError

from rathaus.forms.checks import rule_problems
from rathaus.forms.definition import FormDef, RuleKind
from rathaus.forms.fim import safety, xsd
from rathaus.forms.fim.codelists import CodeListIndex
from rathaus.forms.fim.fields import FieldContext
from rathaus.forms.fim.report import FimImport, FimImportError, ImportReport
from rathaus.forms.fim.rules import Resolver, RuleTranslator
from rathaus.forms.fim.structure import Node, StructureReader


def fim_import(
    data: bytes,
    *,
    filename: str,
    codelist_dirs: Sequence[Path] = (),
    fim_dir: Path | None = None,
) -> FimImport:
    """Import a Stammdatenschema (plain or gzip); code lists come from the file's folder
    (when `filename` is a path to an existing file) and from `codelist_dirs`; the XSDs
    from `fim_dir`/xsd_<version> (default: RATHAUS_DATA_DIR/fim)."""
    root = safety.parse(safety.unpack(data))
    version = xsd.detect_version(root)
    report = ImportReport(xsd_version=version)
    xsd.validate(root, version, fim_dir or xsd.default_fim_dir(), report)
    folders = [*_schema_folder(filename), *codelist_dirs]
    ctx = FieldContext(etree.QName(root).namespace or "", report, CodeListIndex.scan(folders))
    schema = root.find(ctx.q("stammdatenschema"))
    if schema is None:  # the XSD requires it; kept for a clear message regardless
        raise FimImportError(["Das Dokument enthält kein Element stammdatenschema"])
    reader = StructureReader(ctx)
    nodes = reader.read(schema)
    _report_reuse(reader.seen, report)
    _report_missing(ctx, report)
    known = frozenset(node.element_id for root_node in nodes for node in root_node.walk())
    translator = RuleTranslator(ctx, Resolver(nodes), known)
    for element, scope in reader.rules:
        translator.add(element, scope)
    form = _form(ctx, schema, version, nodes, translator.rules)
    _self_check(form)
    report.machine_rules = sum(1 for rule in form.rules if rule.kind != RuleKind.DOCUMENTATION)
    report.schema_id, report.schema_version = form.fim.id if form.fim else "", form.version
    report.schema_name = form.fim.name if form.fim else ""
    return FimImport(form=form, report=report)


def _schema_folder(filename: str) -> list[Path]:
    path = Path(filename)
    return [path.parent] if path.parent != Path() and path.is_file() else []


def _report_reuse(seen: Counter[str], report: ImportReport) -> None:
    for fim_id, count in sorted(seen.items()):
        if count > 1:
            report.warn(
                f"{fim_id} kommt {count}-mal vor; weitere Vorkommen heißen "
                + ", ".join(f"{fim_id}_{n}" for n in range(2, count + 1))
                + f" (FIM-Id bleibt {fim_id})"
            )


def _report_missing(ctx: FieldContext, report: ImportReport) -> None:
    for (uri, version), fields in ctx.missing.items():
        where = ", ".join(fields)
        if not uri:
            report.missing_codelists.append(f"(keine Codeliste angegeben) – Felder {where}")
            continue
        others = ctx.index.versions(uri)
        found = f"; vorhanden: Version {', '.join(others)}" if others else ""
        report.missing_codelists.append(f"{uri} Version {version or '?'} – Felder {where}{found}")


def _pages(nodes: list[Node], title: str) -> list[dict[str, Any]]:
    """One page per top-level group; consecutive top-level fields share a page."""
    pages: list[dict[str, Any]] = []
    loose: list[Node] = []

    def flush() -> None:
        if loose:
            pages.append({"title": title, "elements": [n.as_data() for n in loose]})
            loose.clear()

    for node in nodes:
        if node.kind == "group":
            flush()
            pages.append({"title": node.attrs["label"], "elements": [node.as_data()]})
        else:
            loose.append(node)
    flush()
    if not pages:
        pages.append({"title": title, "elements": []})
    return [{"id": f"P{number}", **page} for number, page in enumerate(pages, start=1)]


def _form(
    ctx: FieldContext,
    schema: etree._Element,
    version: str,
    nodes: list[Node],
    rules: list[dict[str, Any]],
) -> FormDef:
    fim_id = (schema.findtext(f"{ctx.q('identifikation')}/{ctx.q('id')}") or "").strip()
    fim_version = (schema.findtext(f"{ctx.q('identifikation')}/{ctx.q('version')}") or "").strip()
    name = ctx.text(schema, "name")
    title = (
        ctx.text(schema, "bezeichnungEingabe") or ctx.text(schema, "bezeichnung") or name or fim_id
    )
    if not nodes:
        ctx.report.warn("Das Schema enthält keine Felder (empty schema)")
    legal = [
        line.strip() for b in schema.findall(ctx.q("bezug")) for line in (b.text or "").splitlines()
    ]
    data: dict[str, Any] = {
        "id": fim_id if fim_id[:1].isalpha() and fim_id.isalnum() else "S_unbekannt",
        "version": fim_version or "1",
        "title": title,
        "source": "xdf3" if version == "3.0.0" else "xdf2",
        "fim": {
            "id": fim_id,
            "version": fim_version,
            "name": name,
            "legal_basis": [x for x in legal if x],
        },
        "pages": _pages(nodes, title),
        "rules": rules,
    }
    description = ctx.text(schema, "hilfetextEingabe")
    if description:
        data["description"] = description
    try:
        return FormDef.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()[:20]
        ]
        raise FimImportError(
            ["Das Schema ergibt kein gültiges Formular (invalid form):", *problems]
        ) from None


def _self_check(form: FormDef) -> None:
    """Every machine-read rule compiles against the form's own ids."""
    problems = rule_problems(form)
    if problems:  # pragma: no cover - the translator checked each rule already
        raise FimImportError(problems)
