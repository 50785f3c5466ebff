"""Leaving a form and coming back: a link by e-mail, or one's own draft by its id."""

from __future__ import annotations

import logging
import smtplib

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from rathaus.submissions.selectors import draft_for_owner
from rathaus.submissions.services import draft_resume, draft_resume_link_send
from rathaus.submissions.store import current_draft, remember_draft, request_owner
from rathaus.submissions.trust_gate import trust_gate
from rathaus.submissions.views import _language, _version

logger = logging.getLogger(__name__)


class LinkForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        error_messages={
            "required": _("Geben Sie Ihre E-Mail-Adresse an"),
            "invalid": _(
                "Geben Sie eine E-Mail-Adresse im richtigen Format an, "
                "zum Beispiel name@beispiel.de"
            ),
        },
    )


def later(request: HttpRequest, key: str) -> HttpResponse:
    """Ask for a link that continues this form later, sent by e-mail."""
    version = _version(key)
    if gate := trust_gate(request, version, request.path):
        return gate
    draft = current_draft(request, version)
    form = LinkForm(request.POST or None)
    context = {
        "version": version,
        "form": form,
        "has_draft": draft is not None,
        "language": _language(),
    }
    if request.method == "POST" and draft is not None and form.is_valid():
        try:
            draft_resume_link_send(
                draft=draft,
                email=form.cleaned_data["email"],
                base_url=request.build_absolute_uri("/"),
            )
        except (OSError, smtplib.SMTPException, ValidationError):
            logger.exception("resume link could not be sent draft=%s", draft.pk)
            context["send_failed"] = True
        else:
            return render(request, "submissions/later_sent.html", context)
    return render(request, "submissions/later.html", context)


def resume(request: HttpRequest, token: str) -> HttpResponse:
    """Follow an e-mailed link: the draft continues in this browser (once)."""
    draft = draft_resume(token=token[:200], owner=request_owner(request))
    if draft is None:
        return render(request, "submissions/resume_failed.html", status=410)
    remember_draft(request, draft)
    return redirect("applications:start", key=draft.form_version.form.key)


def continue_draft(request: HttpRequest, draft_id: str) -> HttpResponse:
    """Continue one's own draft by its id; anyone else's is not found."""
    draft = draft_for_owner(draft_id=draft_id[:64], owner=request_owner(request))
    if draft is None:
        raise Http404
    remember_draft(request, draft)
    return redirect("applications:start", key=draft.form_version.form.key)
