"""Following an invitation link: see what it offers, then accept it with one button."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rathaus.identity.organisations.errors import InvitationInvalid
from rathaus.identity.organisations.models import Invitation, Role
from rathaus.identity.organisations.pages import ROLE_HINTS, current_user, logged_in
from rathaus.identity.organisations.selectors import (
    invitation_by_token,
    membership_of,
    person_name,
)
from rathaus.identity.organisations.services import invitation_accept
from rathaus.identity.organisations.tokens import TOKEN_MAX_LENGTH

# While a visitor logs in, the link waits in a signed cookie of its own rather than in the
# login's `next` (stored with the open login request): the token stays out of the database.
# The session cannot carry it: BundID's answer is a cross-site POST without our cookies.
PENDING_COOKIE = "rathaus_einladung"
_PENDING_SALT = "rathaus.identity.organisations.pending-invitation"
_PENDING_SECONDS = 30 * 60

# unknown links are "not found"; links that existed but cannot be used any more are "gone"
_STATUS = {"unknown": 404, "expired": 410, "used": 410, "revoked": 410}


def _invalid(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request,
        "identity/organisations/invitation_invalid.html",
        {"reason": reason},
        status=_STATUS[reason],
    )


def _state(invitation: Invitation | None, user_id: int) -> str:
    """Why the invitation cannot be accepted, "accepted_by_you", or "" when it is open."""
    if invitation is None:
        return "unknown"
    if invitation.accepted_at is not None:
        return "accepted_by_you" if invitation.accepted_by_id == user_id else "used"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return ""


def _login_first(request: HttpRequest, token: str) -> HttpResponse:
    response = redirect_to_login(
        reverse("identity:organisations:accept_pending"), reverse("identity:login")
    )
    response.set_signed_cookie(
        PENDING_COOKIE,
        token,
        salt=_PENDING_SALT,
        max_age=_PENDING_SECONDS,
        path=reverse("identity:organisations:accept_pending"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@require_GET
@logged_in
def accept_pending(request: HttpRequest) -> HttpResponse:
    """Back from the login: on to the invitation link that sent the visitor there."""
    token = request.get_signed_cookie(
        PENDING_COOKIE, default=None, salt=_PENDING_SALT, max_age=_PENDING_SECONDS
    )
    if not token:
        return _invalid(request, "unknown")
    response = redirect("identity:organisations:accept", token=token[:TOKEN_MAX_LENGTH])
    response.delete_cookie(PENDING_COOKIE, path=request.path, samesite="Lax")
    return response


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """Show the organisation and role the link offers (GET); join it (POST, once)."""
    token = token[:TOKEN_MAX_LENGTH]
    if not request.user.is_authenticated:
        return _login_first(request, token)
    user = current_user(request)
    if request.method == "POST":
        try:
            accepted = invitation_accept(token=token, user=user)
        except InvitationInvalid as refusal:
            return _invalid(request, refusal.reason)
        membership = accepted.membership
        if accepted.joined:
            text = _("Sie gehören jetzt zu „%(name)s“, mit der Rolle „%(role)s“.")
        else:
            text = _("Sie gehören schon zu „%(name)s“, mit der Rolle „%(role)s“.")
        messages.success(
            request,
            text % {"name": membership.organisation.name, "role": Role(membership.role).label},
        )
        return redirect("identity:organisations:detail", pk=membership.organisation_id)
    invitation = invitation_by_token(token=token)
    state = _state(invitation, user.pk)
    if state == "accepted_by_you" and invitation is not None:
        return redirect("identity:organisations:detail", pk=invitation.organisation_id)
    if state or invitation is None:
        return _invalid(request, state or "unknown")
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "role_label": Role(invitation.role).label,
        "role_hint": ROLE_HINTS[invitation.role],
        "inviter": person_name(invitation.invited_by) if invitation.invited_by else "",
        "existing": membership_of(user_id=user.pk, organisation_id=invitation.organisation_id),
    }
    return render(request, "identity/organisations/accept.html", context)
