"""The citizen's own account page: what BundID told us, and their consent to once-only."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from rathaus.identity.models import Citizen
from rathaus.identity.selectors import citizen_for_user, consent_standing, consents_of
from rathaus.identity.services import consent_record
from rathaus.identity.trust import session_trust_level

# the attributes a standing consent covers, recorded with it (names only, never values)
STANDING_ATTRIBUTES = ["given_name", "surname", "birthdate", "email", "postal_address"]


def _citizen_or_login(request: HttpRequest) -> Citizen | HttpResponse:
    citizen = citizen_for_user(user_id=request.user.pk) if request.user.is_authenticated else None
    if citizen is None:
        query = urlencode({"next": reverse("identity:profile")})
        return redirect(f"{reverse('identity:login')}?{query}")
    return citizen


@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    """The person's data from their last login, their consent and its history."""
    citizen = _citizen_or_login(request)
    if isinstance(citizen, HttpResponse):
        return citizen
    context = {
        "citizen": citizen,
        "session_level": session_trust_level(request.session),
        "standing": consent_standing(citizen=citizen),
        "consents": consents_of(citizen=citizen),
        "changed": request.GET.get("geaendert") == "1",
    }
    return render(request, "identity/profile.html", context)


@require_POST
def consent_change(request: HttpRequest) -> HttpResponse:
    """Give or withdraw the consent for all forms; a new record either way."""
    citizen = _citizen_or_login(request)
    if isinstance(citizen, HttpResponse):
        return citizen
    wanted = request.POST.get("einwilligung")
    if wanted in {"ja", "nein"} and (wanted == "ja") != consent_standing(citizen=citizen):
        consent_record(citizen=citizen, granted=wanted == "ja", attributes=STANDING_ATTRIBUTES)
    return redirect(f"{reverse('identity:profile')}?geaendert=1")
