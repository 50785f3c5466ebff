"""Sending the application from check-your-answers, and the confirmation page."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rathaus.catalog.selectors import responsibility_for
from rathaus.forms.models import FormVersion
from rathaus.forms.web.summary import summarise
from rathaus.forms.web.widgets import size_text
from rathaus.submissions.attachments.selectors import attachments_of_submission
from rathaus.submissions.selectors import draft_answers, submission_data, submission_for_owner
from rathaus.submissions.store import chosen_place, current_draft, request_owner
from rathaus.submissions.submitting import submission_create
from rathaus.submissions.views import _compiled, _language, _version, check_context
from rathaus.territory.models import Region
from rathaus.territory.selectors import municipalities_for_place, municipality_by_ags

SENT_KEY = "antraege"


def _place_from_post(request: HttpRequest, version: FormVersion) -> tuple[Region | None, Any]:
    """The place posted with the submit button: a chosen AGS, or a postcode/name to look up."""
    if request.POST.get("ags"):
        return municipality_by_ags(ags=request.POST["ags"][:8]), None
    text = request.POST.get("ort", "").strip()[:100]
    if not text:
        remembered = chosen_place(request, version)
        return remembered, None if remembered else "missing"
    matches = municipalities_for_place(query=text)
    if len(matches) == 1:
        return matches[0], None
    return None, matches or "unknown"


@require_POST
def submit(request: HttpRequest, key: str) -> HttpResponse:
    """Send the application: once, checked, with the responsible authority."""
    version = _version(key)
    sent = request.session.get(SENT_KEY, {}).get(str(version.pk))
    draft = current_draft(request, version)
    if draft is None:  # already sent (back button, second click) or never started
        return (
            redirect("applications:sent", submission_id=sent)
            if sent
            else redirect("applications:start", key=key)
        )
    compiled = _compiled(version.pk)
    answers, _dropped = compiled.clean(draft_answers(draft=draft))
    place, place_problem = _place_from_post(request, version)
    if compiled.validate(answers) or place is None:
        context = check_context(request, version, answers)
        context.update(place_problem=place_problem, place=place)
        return render(request, "submissions/check.html", context, status=200)
    service = version.form.service
    authority = (
        responsibility_for(service=service, municipality=place).authority if (service) else None
    )
    submission, _created = submission_create(
        draft=draft, data=answers, authority=authority, municipality=place
    )
    request.session[SENT_KEY] = {
        **request.session.get(SENT_KEY, {}),
        str(version.pk): str(submission.pk),
    }
    return redirect("applications:sent", submission_id=submission.pk)


def sent(request: HttpRequest, submission_id: str) -> HttpResponse:
    """The confirmation: reference number, who has it, what happens next."""
    submission = submission_for_owner(
        submission_id=submission_id[:64], owner=request_owner(request)
    )
    if submission is None:
        raise Http404
    definition = _compiled(submission.form_version_id).form
    return render(
        request,
        "submissions/sent.html",
        {"submission": submission, "definition": definition, "language": _language()},
    )


NEXT_STEPS = {
    "de": "Wir übermitteln Ihren Antrag an die zuständige Stelle. Sie prüft ihn und meldet "
    "sich bei Fragen. Die Entscheidung erhalten Sie von der Stelle.",
    "en": "We pass your application to the responsible office. It checks it and contacts "
    "you with any questions. You receive the decision from the office.",
}


def receipt(request: HttpRequest, submission_id: str) -> HttpResponse:
    """The confirmation of receipt as a tagged PDF/A, for the sender only."""
    # imported here: WeasyPrint needs the pango system library, which only receipts use,
    # so the rest of the site keeps working on a machine that lacks it
    from rathaus.submissions.receipt import ReceiptData, receipt_pdf

    submission = submission_for_owner(
        submission_id=submission_id[:64], owner=request_owner(request)
    )
    if submission is None:
        raise Http404
    language = _language()
    compiled = _compiled(submission.form_version_id)
    data = submission_data(submission=submission)
    state = compiled.state(data)
    sections = [
        (section.title, [(row.label, row.value) for row in section.rows])
        for section in summarise(compiled.form.pages, state, data, language)
    ]
    pdf = receipt_pdf(
        ReceiptData(
            reference=submission.reference,
            form_title=compiled.form.title.get(language),
            authority_name=submission.authority.name if submission.authority else "",
            submitted_at=submission.submitted_at,
            language=language,
            sections=[s for s in sections if s[1]],
            next_steps=NEXT_STEPS[language],
            attachments=[
                (stored.name, size_text(stored.size, language))
                for stored in attachments_of_submission(submission=submission)
            ],
        )
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="Eingangsbestaetigung-{submission.reference}.pdf"'
    )
    return response
