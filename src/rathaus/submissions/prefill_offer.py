"""What a form could take from the person's login, unless they have decided for it already."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from rathaus.forms.models import FormVersion
from rathaus.identity.selectors import citizen_for_user, consent_standing
from rathaus.submissions.prefill import PrefillItem, citizen_attributes, prefill_plan
from rathaus.submissions.selectors import compiled_form

DECIDED_KEY = "antrag_datenuebernahme"


@dataclass(frozen=True)
class PrefillOffer:
    """What the start page offers: the values, and whether a standing consent covers them."""

    items: list[PrefillItem]
    standing: bool


def prefill_offer(request: HttpRequest, version: FormVersion) -> PrefillOffer | None:
    """The login data this form could take, unless the person has decided for this form."""
    if not request.user.is_authenticated or prefill_decided(request, version):
        return None
    citizen = citizen_for_user(user_id=request.user.pk)
    if citizen is None:
        return None
    plan = prefill_plan(compiled_form(version.pk).form, citizen_attributes(citizen))
    if not plan:
        return None
    return PrefillOffer(items=plan, standing=consent_standing(citizen=citizen))


def prefill_decided(request: HttpRequest, version: FormVersion) -> bool:
    """Whether the person has answered the offer for this form version in this session."""
    return str(version.pk) in request.session.get(DECIDED_KEY, [])


def prefill_decided_remember(request: HttpRequest, version: FormVersion) -> None:
    """Note the answer in the session, so the offer is not made twice."""
    decided = list(request.session.get(DECIDED_KEY, []))
    request.session[DECIDED_KEY] = [*decided, str(version.pk)][-50:]
