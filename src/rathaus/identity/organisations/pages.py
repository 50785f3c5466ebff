"""What the organisation views share: the logged-in user, the membership a URL names, the
refusal pages, and the detail page's context."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from rathaus.identity.organisations.errors import NotAllowed
from rathaus.identity.organisations.forms import InvitationForm
from rathaus.identity.organisations.models import (
    ACTING_ROLES,
    OrganisationKind,
    OrganisationMembership,
    Role,
)
from rathaus.identity.organisations.selectors import (
    acting_organisation,
    invitations_open,
    members,
    membership_of,
)

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]

ROLE_HINTS = {
    Role.OWNER.value: _("handelt für die Organisation und verwaltet ihre Mitglieder"),
    Role.MEMBER.value: _("handelt für die Organisation, zum Beispiel stellt Anträge"),
    Role.READER.value: _("sieht die Organisation und ihre Mitglieder, handelt aber nicht"),
}


def logged_in(view: View[P]) -> View[P]:
    """Anonymous visitors go to the BundID login and come back to the same page."""
    return login_required(login_url=reverse_lazy("identity:login"))(view)


def refusals_shown(view: View[P]) -> View[P]:
    """A NotAllowed from the view or a service becomes the 403 page; nothing was changed."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as refusal:
            context = {"message": refusal.message}
            return render(request, "identity/organisations/forbidden.html", context, status=403)

    return cast(View[P], wrapped)


def current_user(request: HttpRequest) -> User:
    """The logged-in user (views are wrapped in `logged_in`)."""
    user = request.user
    if not isinstance(user, User):
        raise Http404  # cannot happen behind logged_in; never a stack trace if it does
    return user


def own_membership(request: HttpRequest, organisation_id: int) -> OrganisationMembership:
    """The person's membership in the organisation the URL names; 404 for any other."""
    membership = membership_of(user_id=current_user(request).pk, organisation_id=organisation_id)
    if membership is None:
        raise Http404
    return membership


def require_owner(membership: OrganisationMembership) -> None:
    """Owner actions: anyone else gets the 403 page."""
    if membership.role != Role.OWNER:
        raise NotAllowed(f"membership {membership.pk} is {membership.role}")


def other_member(membership: OrganisationMembership, member_id: int) -> OrganisationMembership:
    """A member of the same organisation by id; 404 for members of other organisations."""
    target = (
        OrganisationMembership.objects.filter(
            pk=member_id, organisation_id=membership.organisation_id
        )
        .select_related("user", "user__citizen")
        .first()
    )
    if target is None:
        raise Http404
    return target


def render_detail(
    request: HttpRequest,
    membership: OrganisationMembership,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The organisation page: details, members and, for owners, the management forms."""
    organisation = membership.organisation
    is_owner = membership.role == Role.OWNER
    acting = acting_organisation(request)
    context: dict[str, Any] = {
        "organisation": organisation,
        "membership": membership,
        "is_owner": is_owner,
        "is_municipality": organisation.kind == OrganisationKind.MUNICIPALITY,
        "may_act": membership.role in ACTING_ROLES,
        "is_acting": acting is not None and acting.pk == organisation.pk,
        "members": members(organisation_id=organisation.pk),
        "invitations": list(invitations_open(organisation_id=organisation.pk)) if is_owner else [],
        "roles": Role.choices,
        "role_hints": ROLE_HINTS,
        "invite_form": InvitationForm() if is_owner else None,
        "invitation_days": settings.RATHAUS_INVITATION_DAYS,
        **extra,
    }
    return render(request, "identity/organisations/detail.html", context, status=status)
