"""Sending the application from check-your-answers, and the confirmation page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rathaus.catalog.selectors import responsibility_for
from rathaus.forms.models import FormVersion
from rathaus.identity.organisations.selectors import acting_organisation, may_act_for
from rathaus.submissions.confirmation import receipt_content, receipt_document
from rathaus.submissions.events import status_link
from rathaus.submissions.selectors import (
    draft_answers,
    drafts_for_owner,
    submission_for_owner,
    submissions_for_organisation,
    submissions_for_owner,
)
from rathaus.submissions.store import (
    chosen_place,
    current_draft,
    draft_from_submit_token,
    request_owner,
    sent_from_this_draft,
)
from rathaus.submissions.submitting import submission_create
from rathaus.submissions.trust_gate import trust_gate
from rathaus.submissions.views import _compiled, _language, _version, check_context
from rathaus.territory.models import Region
from rathaus.territory.selectors import municipalities_for_place, municipality_by_ags


def _place_from_post(request: HttpRequest, version: FormVersion) -> tuple[Region | None, Any]:
    """The place posted with the submit button: a chosen AGS, or a postcode/name to look up."""
    if request.POST.get("ags"):  # a hidden field or a radio: may come back altered
        found = municipality_by_ags(ags=request.POST["ags"][:8])
        return found, None if found else "unknown"
    text = request.POST.get("ort", "").strip()[:100]
    if not text:
        remembered = chosen_place(request, version)
        return remembered, None if remembered else "missing"
    matches = municipalities_for_place(query=text)
    if len(matches) == 1:
        return matches[0], None
    return None, matches or "unknown"


def _email_from_post(request: HttpRequest) -> tuple[str, bool]:
    """The optional address for the confirmation e-mail, and whether it is malformed."""
    email = request.POST.get("email", "").strip()[:254]
    if not email:
        return "", False
    try:
        validate_email(email)
    except ValidationError:
        return email, True
    return email, False


def _nothing_to_send(request: HttpRequest, version: FormVersion) -> HttpResponse:
    """After a send: the confirmation again. With an expired session: say so, clearly."""
    earlier = sent_from_this_draft(request, version)
    if earlier is not None:
        return redirect("applications:sent", submission_id=earlier.pk)
    context = {"version": version, "minutes": settings.SESSION_COOKIE_AGE // 60}
    return render(request, "submissions/session_expired.html", context, status=400)


@require_POST
def submit(request: HttpRequest, key: str) -> HttpResponse:
    """Send the application: once, checked, with the responsible authority."""
    version = _version(key)
    if gate := trust_gate(request, version, reverse("applications:check", args=[key])):
        return gate
    draft = current_draft(request, version) or draft_from_submit_token(request, version)
    if draft is None:  # already sent (back button, second click, lost response) or not begun
        return _nothing_to_send(request, version)
    if draft.organisation_id is not None and not may_act_for(
        user_id=request.user.pk or 0, organisation_id=draft.organisation_id
    ):  # no longer a member who may act: nothing is sent, the draft stays
        refused = {"version": version, "organisation": draft.organisation}
        return render(request, "submissions/organisation_refused.html", refused, status=403)
    compiled = _compiled(version.pk)
    answers, _dropped = compiled.clean(draft_answers(draft=draft))
    place, place_problem = _place_from_post(request, version)
    email, email_problem = _email_from_post(request)
    if compiled.validate(answers) or place is None or email_problem:
        context = check_context(request, version, answers, draft)
        context.update(
            place_problem=place_problem, place=place, email=email, email_problem=email_problem
        )
        return render(request, "submissions/check.html", context, status=200)
    service = version.form.service
    authority = (
        responsibility_for(service=service, municipality=place).authority if (service) else None
    )
    submission, _created = submission_create(
        draft=draft,
        data=answers,
        authority=authority,
        municipality=place,
        contact_email=email,
        language=_language(),
    )
    # nothing is written to the session: a second send finds the submission by its draft
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


def receipt(request: HttpRequest, submission_id: str) -> HttpResponse:
    """The confirmation of receipt as a tagged PDF/A, for the sender only."""
    submission = submission_for_owner(
        submission_id=submission_id[:64], owner=request_owner(request)
    )
    if submission is None:
        raise Http404
    pdf = receipt_document(receipt_content(submission, _language()))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="Eingangsbestaetigung-{submission.reference}.pdf"'
    )
    return response


def mine(request: HttpRequest) -> HttpResponse:
    """The person's applications with their state in plain words, and unfinished drafts."""
    owner = request_owner(request)
    acting = acting_organisation(request)
    submissions = submissions_for_owner(owner=owner)  # each with where its steps are shown
    return render(
        request,
        "submissions/mine.html",
        {
            "acting": acting,
            "organisation_submissions": submissions_for_organisation(organisation_id=acting.pk)
            if acting
            else [],
            "submissions": [(item, status_link(item)) for item in submissions],
            "drafts": drafts_for_owner(owner=owner),
            "language": _language(),
        },
    )
