"""Reads of the identity app."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from rathaus.identity.models import (
    Citizen,
    ConsentScope,
    ConsumedAssertion,
    LoginProtocol,
    LoginRequest,
    PrefillConsent,
)

# a person has this long at BundID to log in before the request is forgotten
LOGIN_REQUEST_MINUTES = 30


def login_request_open(
    *, request_id: str, protocol: str = LoginProtocol.SAML
) -> LoginRequest | None:
    """The still-open login request a RelayState (SAML) or state (OIDC) names, or None."""
    since = timezone.now() - timedelta(minutes=LOGIN_REQUEST_MINUTES)
    return LoginRequest.objects.filter(
        request_id=request_id, protocol=protocol, created_at__gte=since
    ).first()


def used_state_key(state: str) -> str:
    """How a completed OIDC login is kept among the used assertions (SAML ids hold no colon)."""
    return f"oidc-state:{state}"


def login_request_used(*, request_id: str) -> bool:
    """Whether an OIDC login with this state was completed before (its callback comes again)."""
    return ConsumedAssertion.objects.filter(
        assertion_id=used_state_key(request_id), not_on_or_after__gte=timezone.now()
    ).exists()


def citizen_for_user(*, user_id: int) -> Citizen | None:
    """The BundID identity behind a user account, if any."""
    return Citizen.objects.filter(user_id=user_id).first()


def consent_standing(*, citizen: Citizen) -> bool:
    """True while the person's latest answer for all forms is yes."""
    latest = (
        PrefillConsent.objects.filter(citizen=citizen, scope=ConsentScope.ALWAYS)
        .order_by("-created_at", "-pk")
        .first()
    )
    return latest is not None and latest.granted


def consents_of(*, citizen: Citizen, limit: int = 50) -> QuerySet[PrefillConsent]:
    """The person's consent decisions, newest first."""
    return PrefillConsent.objects.filter(citizen=citizen).order_by("-created_at", "-pk")[:limit]
