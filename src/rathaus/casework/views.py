"""The back office's pages: worklists, a case, and the changes made on it.

Verified staff only (password and TOTP code through the staff login); a case of another
authority is not found; readers read and change nothing (403 with a page saying so).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from rathaus.audit.models import AuditAction
from rathaus.audit.services import actor_of, audit_record
from rathaus.casework import deciding, questions, selectors, services
from rathaus.casework.documents.selectors import decision_templates_for
from rathaus.casework.forms import NoteForm, QuestionForm, StatusForm, WorklistForm
from rathaus.casework.models import Case, CaseStatus, DecisionOutcome
from rathaus.forms.web.summary import summarise
from rathaus.mailbox.models import MailboxFile
from rathaus.mailbox.selectors import file_content
from rathaus.submissions.attachments.selectors import attachment_content
from rathaus.submissions.models import Attachment
from rathaus.submissions.selectors import compiled_form, submission_data

View = Callable[..., HttpResponse]
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}
# a file shown in the browser runs nothing and loads nothing (a sandboxed, opaque origin)
INLINE_CSP = "sandbox; default-src 'none'; img-src 'self'"


def staff_required(view: View) -> View:
    """Verified staff (password and second factor) only; others go to the staff login."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        verified = getattr(user, "is_verified", lambda: False)()
        if not (user.is_authenticated and user.is_active and user.is_staff and verified):
            back = (
                request.get_full_path() if request.method == "GET" else reverse("casework:worklist")
            )
            return redirect_to_login(back, login_url=reverse("admin:login"))
        return never_cache(view)(request, *args, **kwargs)

    return wrapper


def _case(request: HttpRequest, case_id: str) -> Case:
    case = selectors.case_for_user(case_id=case_id, user=request.user)
    if case is None:
        raise Http404
    return case


def _read(
    request: HttpRequest, obj_type: str, obj_id: str, authority_id: int | None, **details: object
) -> None:
    """Reading the applicant's data in the back office is on the audit trail (who, what)."""
    audit_record(
        actor=actor_of(request),
        action=AuditAction.READ,
        obj_type=obj_type,
        obj_id=obj_id,
        authority_id=authority_id,
        details=details,
    )


def _forbidden(request: HttpRequest, case: Case) -> HttpResponse:
    return render(request, "casework/forbidden.html", {"case": case}, status=403)


def _refused(request: HttpRequest, case: Case, reason: str) -> HttpResponse:
    return render(request, "casework/refused.html", {"case": case, "reason": reason}, status=400)


def _query(request: HttpRequest, tab: str) -> tuple[WorklistForm, selectors.WorklistQuery]:
    services = selectors.worklist_services(user=request.user)
    form = WorklistForm(request.GET or None, services=services)
    query = selectors.WorklistQuery(tab=tab, cursor=request.GET.get("nach", "")[:500])
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        query.service = data.get("service")
        query.status = data.get("status") or ""
        query.received_from = data.get("received_from")
        query.received_to = data.get("received_to")
        query.reference = data.get("reference") or ""
        query.search = data.get("q") or ""
    return form, query


@require_GET
@staff_required
def worklist(request: HttpRequest) -> HttpResponse:
    """A worklist tab (new, mine, team, overdue, all) with filters, search and pages."""
    tab = request.GET.get("liste", "new")
    tab = tab if tab in selectors.TABS else "new"
    form, query = _query(request, tab)
    page = selectors.worklist(user=request.user, query=query)
    if page.cases:  # the rows show applicants' names
        _read(
            request, "casework.Case", "", None, view="worklist", ids=[str(c.pk) for c in page.cases]
        )
    kept = {key: value for key, value in request.GET.items() if key != "nach"}
    filters = {key: value for key, value in kept.items() if key != "liste"}
    return render(
        request,
        "casework/worklist.html",
        {
            "form": form,
            "tab": tab,
            "tabs": selectors.TABS,
            "page": page,
            "rows": [
                (case, selectors.applicant_name(case=case), case.overdue(), page.titles[case.pk])
                for case in page.cases
            ],
            "first_page": not query.cursor,
            "filters": urlencode(filters),
            "kept": urlencode(kept),
        },
    )


def _answers(case: Case) -> list[Any]:
    compiled = compiled_form(case.submission.form_version_id)
    data = submission_data(submission=case.submission)
    state = compiled.state(data)
    pages = tuple(p for p in compiled.form.pages if any(state.visible(e.id) for e in p.elements))
    language = "en" if (get_language() or "de").startswith("en") else "de"
    return summarise(pages, state, data, language)


@require_GET
@staff_required
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    """One case: the answers laid out like the form, files, deadline, timeline, notes."""
    case = _case(request, case_id)
    response = render(request, "casework/case.html", _case_context(request, case))
    _read(request, "casework.Case", str(case.pk), case.authority_id, view="case")
    return response


def _case_context(request: HttpRequest, case: Case, **forms: Any) -> dict[str, Any]:
    role = selectors.case_role(user=request.user, case=case)
    steps = selectors.citizen_steps(case=case)
    return {
        "case": case,
        "role": role,
        "may_work": role in ("admin", "caseworker"),
        "applicant": selectors.applicant_name(case=case),
        "summary": _answers(case),
        "attachments": selectors.attachments(case=case),
        "timeline": selectors.timeline(case=case),
        "notes": selectors.notes(case=case),
        "overdue": case.overdue(),
        "colleagues": selectors.colleagues(case=case),
        "status_options": [
            (value, label, steps.get(value, "")) for value, label in CaseStatus.choices
        ],
        "status_form": forms.get("status_form") or StatusForm(initial={"status": case.status}),
        "note_form": forms.get("note_form") or NoteForm(),
        "question_form": forms.get("question_form") or QuestionForm(),
        "questions": selectors.questions(case=case),
        "decisions": selectors.decisions(case=case),
        "templates": _templates(case),
        "outcomes": DecisionOutcome.choices,
        "closed": case.status in (CaseStatus.DECIDED, CaseStatus.CLOSED),
        "definition": compiled_form(case.submission.form_version_id).form,
    }


def _templates(case: Case) -> list[Any]:
    service = case.submission.form_version.form.service
    return decision_templates_for(service=service, authority=case.authority) if service else []


def _decide(request: HttpRequest, case: Case) -> HttpResponse:
    template = request.POST.get("vorlage", "")
    deciding.case_decide(
        case=case,
        actor=request.user,  # type: ignore[arg-type]
        template_id=int(template) if template.isdigit() and len(template) < 12 else 0,
        outcome=request.POST.get("ergebnis", "")[:40],
        reasoning=request.POST.get("begruendung", "")[: deciding.REASONING_MAX + 1],
    )
    return redirect("casework:case", case_id=case.pk)


def _reopen(request: HttpRequest, case: Case) -> HttpResponse:
    reason = request.POST.get("grund", "")[: deciding.REASON_MAX + 1]
    deciding.case_reopen(case=case, actor=request.user, reason=reason)  # type: ignore[arg-type]
    return redirect("casework:case", case_id=case.pk)


def _change(action: Callable[[HttpRequest, Case], HttpResponse]) -> View:
    """A change on a case: found (else 404), by a worker of its authority (else 403)."""

    @wraps(action)
    def view(request: HttpRequest, case_id: str) -> HttpResponse:
        case = _case(request, case_id)
        if selectors.case_role(user=request.user, case=case) not in ("admin", "caseworker"):
            return _forbidden(request, case)
        try:
            return action(request, case)
        except services.CaseRefused as refusal:
            return _refused(request, case, refusal.reason)

    return require_POST(staff_required(view))


def _assign(request: HttpRequest, case: Case) -> HttpResponse:
    wanted = request.POST.get("assignee", "")
    if not wanted.isdigit():
        return _refused(request, case, "assignee")
    services.case_assign(case=case, actor=request.user, assignee_id=int(wanted))  # type: ignore[arg-type]
    return redirect("casework:case", case_id=case.pk)


def _status(request: HttpRequest, case: Case) -> HttpResponse:
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, "status")
    services.case_status_set(case=case, actor=request.user, status=form.cleaned_data["status"])  # type: ignore[arg-type]
    return redirect("casework:case", case_id=case.pk)


def _note(request: HttpRequest, case: Case) -> HttpResponse:
    form = NoteForm(request.POST)
    if not form.is_valid():
        context = _case_context(request, case, note_form=form)
        return render(request, "casework/case.html", context, status=400)
    services.note_add(case=case, author=request.user, text=form.cleaned_data["text"])  # type: ignore[arg-type]
    return redirect("casework:case", case_id=case.pk)


def _ask(request: HttpRequest, case: Case) -> HttpResponse:
    form = QuestionForm(request.POST)
    if not form.is_valid():
        context = _case_context(request, case, question_form=form)
        return render(request, "casework/case.html", context, status=400)
    questions.case_question_ask(
        case=case,
        actor=request.user,  # type: ignore[arg-type]
        text=form.cleaned_data["text"],
        answer_due=form.cleaned_data["answer_due"],
    )
    return redirect(reverse("casework:case", args=[case.pk]) + "#rueckfragen")


case_assign = _change(_assign)
case_status = _change(_status)
case_note = _change(_note)
case_decide = _change(_decide)
case_reopen = _change(_reopen)
case_ask = _change(_ask)


@require_GET
@staff_required
def attachment(request: HttpRequest, case_id: str, attachment_id: str) -> HttpResponse:
    """A file of the case, as a download; PDFs and images shown only in a sandbox."""
    case = _case(request, case_id)
    found = selectors.attachment_of_case(case=case, attachment_id=attachment_id)
    if found is None:
        raise Http404
    return _file(request, case, found, attachment_content(attachment=found))


@require_GET
@staff_required
def answer_file(request: HttpRequest, case_id: str, file_id: str) -> HttpResponse:
    """A file the person sent with an answer, under the same rules as the attachments."""
    case = _case(request, case_id)
    found = selectors.answer_file_of_case(case=case, file_id=file_id)
    if found is None:
        raise Http404
    return _file(request, case, found, file_content(stored=found))


def _file(
    request: HttpRequest, case: Case, found: Attachment | MailboxFile, content: bytes
) -> HttpResponse:
    """Serve a file of the case (inline only where asked and safe) and audit the read."""
    inline = request.GET.get("anzeigen") == "1" and found.content_type in INLINE_TYPES
    content_type = found.content_type if inline else "application/octet-stream"
    response = _file_response(content, found.name, content_type, inline)
    _read(request, found._meta.label, str(found.pk), case.authority_id, case=str(case.pk))
    return response


def _file_response(content: bytes, name: str, content_type: str, inline: bool) -> HttpResponse:
    """A download that the browser never runs: attachment, nosniff, and a sandbox inline."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, name) or ""
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        response["Content-Security-Policy"] = INLINE_CSP
    return response
