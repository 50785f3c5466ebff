"""Reads of the identity app."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from rathaus.identity.models import Citizen, LoginRequest

# a person has this long at BundID to log in before the request is forgotten
LOGIN_REQUEST_MINUTES = 30


def login_request_open(*, request_id: str) -> LoginRequest | None:
    """The still-open login request a RelayState names, or None."""
    since = timezone.now() - timedelta(minutes=LOGIN_REQUEST_MINUTES)
    return LoginRequest.objects.filter(request_id=request_id, created_at__gte=since).first()


def citizen_for_user(*, user_id: int) -> Citizen | None:
    """The BundID identity behind a user account, if any."""
    return Citizen.objects.filter(user_id=user_id).first()
