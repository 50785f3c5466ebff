"""The person's organisations: list, create, detail, and acting for one (thin views)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rathaus.identity.organisations.errors import ReadOnly
from rathaus.identity.organisations.forms import OrganisationForm
from rathaus.identity.organisations.models import ACTING_ROLES
from rathaus.identity.organisations.pages import (
    current_user,
    logged_in,
    own_membership,
    refusals_shown,
    render_detail,
)
from rathaus.identity.organisations.selectors import SESSION_ACTING, organisations_of
from rathaus.identity.organisations.services import organisation_create

_ROW_ID = re.compile(r"[0-9]{1,18}")


@require_GET
@logged_in
def mine(request: HttpRequest) -> HttpResponse:
    """The organisations the person belongs to, with their role in each."""
    memberships = organisations_of(user_id=current_user(request).pk)
    context = {"memberships": memberships, "acting_roles": [r.value for r in ACTING_ROLES]}
    return render(request, "identity/organisations/mine.html", context)


@require_http_methods(["GET", "POST"])
@logged_in
def create(request: HttpRequest) -> HttpResponse:
    """A business or association; the person creating it becomes its owner."""
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = current_user(request)
        organisation = organisation_create(details=form.details(), created_by=user, owner=user)
        messages.success(
            request,
            _("Die Organisation „%(name)s“ ist angelegt. Sie verwalten sie als Inhaber/Verwaltung.")
            % {"name": organisation.name},
        )
        return redirect("identity:organisations:detail", pk=organisation.pk)
    return render(request, "identity/organisations/create.html", {"form": form})


@require_GET
@logged_in
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One organisation of the person's: details, members, for owners invitations."""
    return render_detail(request, own_membership(request, pk))


def _next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@require_POST
@logged_in
@refusals_shown
def switch(request: HttpRequest) -> HttpResponse:
    """Act for an organisation (its id posted) or for oneself again (nothing posted)."""
    raw = request.POST.get("organisation", "")
    if not raw:
        request.session.pop(SESSION_ACTING, None)
        messages.info(request, _("Sie handeln wieder für sich selbst."))
        return HttpResponseRedirect(_next(request, reverse("identity:organisations:mine")))
    if not _ROW_ID.fullmatch(raw):
        raise Http404
    membership = own_membership(request, int(raw))
    if membership.role not in ACTING_ROLES:
        raise ReadOnly(f"membership {membership.pk} may only read")
    request.session[SESSION_ACTING] = membership.organisation_id
    messages.info(
        request,
        _("Sie handeln jetzt für „%(name)s“.") % {"name": membership.organisation.name},
    )
    default = reverse("identity:organisations:detail", kwargs={"pk": membership.organisation_id})
    return HttpResponseRedirect(_next(request, default))
