"""Managing an organisation's members: invite, change a role, remove, revoke (thin views).

Each view first finds the person's own membership (404 for organisations not theirs), then
lets only owners on (403 page); the services check the same again under a lock.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rathaus.identity.organisations.errors import AlreadyInvited, AlreadyMember, LastOwner
from rathaus.identity.organisations.forms import InvitationForm, RoleForm
from rathaus.identity.organisations.models import OrganisationMembership, Role
from rathaus.identity.organisations.pages import (
    current_user,
    logged_in,
    other_member,
    own_membership,
    refusals_shown,
    render_detail,
    require_owner,
)
from rathaus.identity.organisations.selectors import invitation_of_organisation, person_name
from rathaus.identity.organisations.services import (
    invitation_revoke,
    invitation_send,
    member_remove,
    member_role_change,
)

DETAIL = "identity:organisations:detail"


@require_POST
@logged_in
@refusals_shown
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite someone by e-mail with a role; the link goes out by a background task."""
    membership = own_membership(request, pk)
    require_owner(membership)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = invitation_send(
                actor=current_user(request),
                organisation=membership.organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except (AlreadyMember, AlreadyInvited) as refusal:
            form.add_error("email", str(refusal.message))
        else:
            messages.success(
                request,
                _("Die Einladung an %(email)s ist unterwegs.") % {"email": invitation.email},
            )
            return redirect(DETAIL, pk=pk)
    return render_detail(request, membership, invite_form=form)


@require_POST
@logged_in
@refusals_shown
def role_change(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    """Give a member another role; the last owner keeps theirs."""
    membership = own_membership(request, pk)
    require_owner(membership)
    target = other_member(membership, member_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        problem = _("Wählen Sie eine der angebotenen Rollen aus. Es wurde nichts geändert.")
        return render_detail(request, membership, problem=problem, status=400)
    try:
        member_role_change(
            actor=current_user(request), membership=target, role=form.cleaned_data["role"]
        )
    except LastOwner as refusal:
        return render_detail(request, membership, problem=str(refusal.message), status=409)
    except OrganisationMembership.DoesNotExist:  # removed by another owner meanwhile
        raise Http404 from None
    messages.success(
        request,
        _("%(name)s hat jetzt die Rolle „%(role)s“.")
        % {"name": person_name(target.user), "role": Role(target.role).label},
    )
    return redirect(DETAIL, pk=pk)


@require_http_methods(["GET", "POST"])
@logged_in
@refusals_shown
def remove(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    """Ask, then remove a member (owners) or leave the organisation (one's own membership)."""
    membership = own_membership(request, pk)
    target = other_member(membership, member_id)
    leaving = target.pk == membership.pk
    if not leaving:
        require_owner(membership)
    context = {"membership": membership, "target": target, "name": person_name(target.user)}
    if request.method == "GET":
        return render(
            request, "identity/organisations/remove.html", {**context, "leaving": leaving}
        )
    try:
        member_remove(actor=current_user(request), membership=target)
    except LastOwner as refusal:
        return render_detail(request, membership, problem=str(refusal.message), status=409)
    except OrganisationMembership.DoesNotExist:  # removed by another owner meanwhile
        raise Http404 from None
    if leaving:
        messages.success(
            request,
            _("Sie gehören „%(name)s“ nicht mehr an.") % {"name": membership.organisation.name},
        )
        return redirect("identity:organisations:mine")
    messages.success(request, _("%(name)s gehört der Organisation nicht mehr an.") % context)
    return redirect(DETAIL, pk=pk)


@require_POST
@logged_in
@refusals_shown
def revoke(request: HttpRequest, pk: int, invitation_id: str) -> HttpResponse:
    """Withdraw an open invitation; its link stops working at once."""
    membership = own_membership(request, pk)
    require_owner(membership)
    invitation = invitation_of_organisation(
        organisation_id=membership.organisation_id, invitation_id=invitation_id[:64]
    )
    if invitation is None:
        raise Http404
    if invitation_revoke(actor=current_user(request), invitation=invitation):
        messages.success(
            request,
            _("Die Einladung an %(email)s ist zurückgezogen.") % {"email": invitation.email},
        )
    else:
        messages.warning(
            request,
            _("Die Einladung an %(email)s war schon angenommen oder zurückgezogen.")
            % {"email": invitation.email},
        )
    return redirect(DETAIL, pk=pk)
