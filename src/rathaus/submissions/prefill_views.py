"""The person's yes or no to filling a form from their login data (once-only).

The start page shows what would be filled in (prefill_offer); only this POST fills anything,
and every answer is recorded as a consent (identity.PrefillConsent). With a standing consent
("für alle Anträge") the values are still shown before they are used.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from rathaus.identity.selectors import citizen_for_user
from rathaus.identity.services import consent_record
from rathaus.submissions.prefill import prefill_apply
from rathaus.submissions.prefill_offer import prefill_decided_remember, prefill_offer
from rathaus.submissions.store import answers_load, answers_save
from rathaus.submissions.trust_gate import trust_gate
from rathaus.submissions.views import _compiled, _version


@require_POST
def prefill_decide(request: HttpRequest, key: str) -> HttpResponse:
    """Take the person's answer: fill in (only empty fields) or not; record it either way."""
    version = _version(key)
    if gate := trust_gate(request, version, request.path):
        return gate
    offer = prefill_offer(request, version)
    if offer is None:  # decided already (a second click), or nothing to offer
        return redirect("applications:start", key=version.form.key)
    citizen = citizen_for_user(user_id=request.user.pk or 0)
    if citizen is None:
        return redirect("applications:start", key=version.form.key)
    granted = request.POST.get("uebernehmen") == "ja"
    attributes = [str(item.attribute) for item in offer.items]
    consent_record(
        citizen=citizen,
        granted=granted,
        attributes=attributes,
        form_key=version.form.key,
        form_title=version.form.title,
    )
    if granted and request.POST.get("merken") == "ja" and not offer.standing:
        consent_record(citizen=citizen, granted=True, attributes=attributes)
    first = _compiled(version.pk).form.pages[0].id
    if granted:
        answers_save(
            request, version, prefill_apply(answers_load(request, version), offer.items), first
        )
    prefill_decided_remember(request, version)
    return redirect("applications:page", key=version.form.key, page_id=first)
