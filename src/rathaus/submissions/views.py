"""The citizen's application pages: start, one page at a time, check your answers, resume."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from rathaus.common.process_cache import ProcessCache
from rathaus.forms.definition import FormDef, PageDef
from rathaus.forms.engine import CompiledForm
from rathaus.forms.models import Form, FormVersion
from rathaus.forms.selectors import published_version
from rathaus.forms.web import editing
from rathaus.forms.web.inputs import instance_count, parse_page
from rathaus.forms.web.summary import summarise
from rathaus.forms.web.widgets import WidgetBuilder, focus_targets, html_id
from rathaus.submissions.attachments.handler import LimitedUploadHandler
from rathaus.submissions.attachments.page import (
    file_hints,
    file_remove,
    handler_install,
    uploads_take,
)
from rathaus.submissions.attachments.selectors import attachment_of_draft
from rathaus.submissions.models import Draft
from rathaus.submissions.prefill_offer import prefill_offer
from rathaus.submissions.selectors import compiled_form, draft_answers
from rathaus.submissions.store import (
    answers_load,
    answers_save,
    chosen_place,
    current_draft,
    draft_ensure,
    remember_place,
    submit_token,
)
from rathaus.submissions.trust_gate import trust_gate

_compiled = compiled_form
# every page of a form reads its published version; publishing clears it (process_cache.py)
_PUBLISHED: ProcessCache[FormVersion | None] = ProcessCache(
    "forms.Form", "forms.FormVersion", "catalog.Service", maxsize=512
)


def _version(key: str) -> FormVersion:
    """The published version of the form with this key, read once a minute per process."""
    version = _PUBLISHED.get(key[:64], lambda: _published(key[:64]))
    if version is None:
        raise Http404
    return version


def _published(key: str) -> FormVersion | None:
    # with the service's chain: the submit resolves responsibility from its name and topic
    form = (
        Form.objects.select_related("service__ozg_service__life_situation__topic")
        .filter(key=key)
        .first()
    )
    return published_version(form=form) if form else None


def _language() -> str:
    return "en" if (get_language() or "de").startswith("en") else "de"


def start(request: HttpRequest, key: str) -> HttpResponse:
    """What the form is for, its steps, and where to begin."""
    version = _version(key)
    if gate := trust_gate(request, version, request.get_full_path()):
        return gate
    if request.GET.get("ags"):
        remember_place(request, version, request.GET["ags"])
    compiled = _compiled(version.pk)
    answers = answers_load(request, version)
    state = compiled.state(answers)
    pages = [
        (page, _page_status(compiled, answers, page))
        for page in _visible_pages(compiled.form, state)
    ]
    return render(
        request,
        "submissions/start.html",
        {
            "version": version,
            "definition": compiled.form,
            "language": _language(),
            "pages": pages,
            "first": pages[0][0].id if pages else None,
            "prefill": prefill_offer(request, version),
        },
    )


# CSRF is checked only after the upload handler is in place: the check reads the body.
@csrf_exempt
def page(request: HttpRequest, key: str, page_id: str) -> HttpResponse:
    """One page of questions: show it, or take its answers and go on."""
    version = _version(key)
    compiled = _compiled(version.pk)
    definition = compiled.form
    current = next((p for p in definition.pages if p.id == page_id), None)
    if current is None:
        raise Http404
    if gate := trust_gate(request, version, request.path):
        return gate
    if request.method == "POST":
        handler = handler_install(request, current)
        return csrf_protect(_take_answers)(request, version, compiled, current, handler)
    answers = answers_load(request, version)
    return _render_page(request, version, compiled, current, answers, [], [])


def _take_answers(
    request: HttpRequest,
    version: FormVersion,
    compiled: CompiledForm,
    current: PageDef,
    handler: LimitedUploadHandler,
) -> HttpResponse:
    answers = answers_load(request, version)
    if "_datei_entfernen" in request.POST:
        return _remove_file(request, version, current, answers)
    uploads = uploads_take(
        request=request,
        handler=handler,
        draft_for=lambda: draft_ensure(request, version),
        form=compiled.form,
        page=current,
        answers=answers,
    )
    parsed = parse_page(current, request.POST, uploads.references, answers)
    merged = {k: v for k, v in answers.items() if k not in {e.id for e in current.elements}}
    merged.update(parsed)
    if uploads.problems:  # keep the other answers and the files that were fine, and say why
        cleaned, dropped = compiled.clean(merged)
        answers_save(request, version, cleaned, current.id)
        problems = [*uploads.problems, *compiled.validate(cleaned, page=current.id, strict=True)]
        return _render_page(request, version, compiled, current, cleaned, problems, dropped)
    if "_spaeter" in request.POST:  # keep what is there, checked or not, and leave
        answers_save(request, version, compiled.clean(merged)[0], current.id)
        return redirect("applications:later", key=version.form.key)
    if _edit_instances(request, merged):
        answers_save(request, version, merged, current.id)
        return redirect(request.path)
    cleaned, dropped = compiled.clean(merged)
    answers_save(request, version, cleaned, current.id)
    problems = compiled.validate(cleaned, page=current.id, strict=True)
    if problems or dropped:
        return _render_page(request, version, compiled, current, cleaned, problems, dropped)
    return redirect(_next_url(version, compiled, current, cleaned))


def _remove_file(
    request: HttpRequest, version: FormVersion, current: PageDef, answers: dict[str, Any]
) -> HttpResponse:
    """The "remove" button of an uploaded file: only this person's own file of this draft."""
    draft = current_draft(request, version)
    wanted = str(request.POST["_datei_entfernen"])[:64]
    attachment = attachment_of_draft(draft=draft, attachment_id=wanted) if draft else None
    if attachment is None:
        raise Http404
    answers_save(request, version, file_remove(answers, str(attachment.pk)), current.id)
    return redirect(request.path)


def _edit_instances(request: HttpRequest, answers: dict[str, Any]) -> bool:
    """Handle the "add another" / "remove" buttons; True when one was pressed."""
    if "_hinzufuegen" in request.POST:
        path = request.POST["_hinzufuegen"]
        shown = instance_count(request.POST, path, 0, None)
        editing.instance_add(answers, path, shown)
        return True
    if "_entfernen" in request.POST:
        editing.instance_remove(answers, request.POST["_entfernen"])
        return True
    return False


def _render_page(
    request: HttpRequest,
    version: FormVersion,
    compiled: CompiledForm,
    current: PageDef,
    answers: dict[str, Any],
    problems: list[Any],
    dropped: list[str],
) -> HttpResponse:
    language = _language()
    state = compiled.state(answers)
    widgets = WidgetBuilder(state, problems, language).page(current, answers)
    file_hints(widgets, current)
    focus = focus_targets(widgets)
    pages = _visible_pages(compiled.form, state)
    index = next((i for i, p in enumerate(pages) if p.id == current.id), 0)
    return render(
        request,
        "submissions/page.html",
        {
            "version": version,
            "definition": compiled.form,
            "page": current,
            "widgets": widgets,
            "language": language,
            "problems": [
                (focus.get(html_id(p.path), html_id(p.path)), p.message.get(language))
                for p in problems
            ],
            "dropped": dropped,
            "step": index + 1,
            "steps": len(pages),
            "session_ends": timezone.localtime() + timedelta(seconds=settings.SESSION_COOKIE_AGE),
            "session_seconds": settings.SESSION_COOKIE_AGE,
            "back": reverse("applications:page", args=[version.form.key, pages[index - 1].id])
            if index > 0
            else reverse("applications:start", args=[version.form.key]),
        },
    )


def _visible_pages(definition: FormDef, state: Any) -> list[PageDef]:
    return [p for p in definition.pages if any(state.visible(e.id) for e in p.elements)]


def _page_status(compiled: CompiledForm, answers: dict[str, Any], page: PageDef) -> str:
    if not any(e.id in answers for e in page.elements):
        return "offen"
    return "unvollstaendig" if compiled.validate(answers, page=page.id) else "erledigt"


def _next_url(
    version: FormVersion,
    compiled: CompiledForm,
    current: PageDef,
    answers: dict[str, Any],
) -> str:
    pages = _visible_pages(compiled.form, compiled.state(answers))
    ids = [p.id for p in pages]
    position = ids.index(current.id) if current.id in ids else -1
    if position + 1 < len(ids):
        return reverse("applications:page", args=[version.form.key, ids[position + 1]])
    return reverse("applications:check", args=[version.form.key])


def check(request: HttpRequest, key: str) -> HttpResponse:
    """Check your answers, with "Ändern" links, and whether anything is missing."""
    version = _version(key)
    if gate := trust_gate(request, version, request.path):
        return gate
    draft = current_draft(request, version)
    answers = draft_answers(draft=draft) if draft else {}
    return render(
        request, "submissions/check.html", check_context(request, version, answers, draft)
    )


def check_context(
    request: HttpRequest, version: FormVersion, answers: dict[str, Any], draft: Draft | None
) -> dict[str, Any]:
    """What the check page shows: the summary, what is missing, the place it is for."""
    compiled = _compiled(version.pk)
    state = compiled.state(answers)
    language = _language()
    pages = tuple(_visible_pages(compiled.form, state))
    return {
        "version": version,
        "definition": compiled.form,
        "language": language,
        "summary": summarise(pages, state, answers, language),
        "complete": not compiled.validate(answers),
        "incomplete": {p.id for p in compiled.form.pages if compiled.validate(answers, page=p.id)},
        "place": chosen_place(request, version),
        "submit_token": submit_token(request, version),
        "email": getattr(request.user, "email", "") if request.user.is_authenticated else "",
        # the organisation the draft is for (set when it started), or None
        "organisation": draft.organisation if draft is not None and draft.organisation_id else None,
    }


@require_POST
def session_extend(request: HttpRequest) -> HttpResponse:
    """Extend the form session (the citizen pressed "Sitzung verlängern")."""
    request.session["verlaengert"] = timezone.now().isoformat()
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
