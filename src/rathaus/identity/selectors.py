"""Reads of the identity app."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from rathaus.identity.models import Citizen, ConsumedAssertion, LoginProtocol, LoginRequest

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
