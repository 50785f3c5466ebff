"""Organisations in the admin: Land staff create municipalities and invite their owners.

Members change only through the services (so the last-owner rule holds); invitation tokens
and their hashes are never shown.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.identity.organisations.errors import OrganisationRefused
from rathaus.identity.organisations.models import (
    Invitation,
    Organisation,
    OrganisationMembership,
)
from rathaus.identity.organisations.selectors import (
    invitation_open_to,
    is_member_email,
    person_name,
)
from rathaus.identity.organisations.services import (
    invitation_revoke,
    invitation_send,
    member_remove,
    organisation_save,
)

_INVITATION_SHOWN = [
    "organisation",
    "email",
    "role",
    "invited_by",
    "created_at",
    "expires_at",
    "sent_at",
    "accepted_at",
    "accepted_by",
    "revoked_at",
]


_MEMBERSHIP_SHOWN = ("user", "role", "created_at")
_INLINE_INVITATION_SHOWN = tuple(name for name in _INVITATION_SHOWN if name != "organisation")
_ORGANISATION_SHOWN = (
    "name",
    "kind",
    "region",
    "street",
    "postal_code",
    "locality",
    "register_entry",
    "tax_number",
    "created_by",
    "created_at",
)


class MembershipInline(admin.TabularInline[OrganisationMembership, Organisation]):
    model = OrganisationMembership
    fields = _MEMBERSHIP_SHOWN
    readonly_fields = _MEMBERSHIP_SHOWN
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class InvitationInline(admin.TabularInline[Invitation, Organisation]):
    model = Invitation
    fields = _INLINE_INVITATION_SHOWN
    readonly_fields = _INLINE_INVITATION_SHOWN
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    """Municipalities are created here with their Gemeinde; owners come by invitation."""

    list_display = ["name", "kind", "region", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "region__ags", "region__name"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]
    fields = _ORGANISATION_SHOWN
    readonly_fields = ["created_by", "created_at"]
    inlines = [MembershipInline, InvitationInline]

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        organisation_save(organisation=obj)


@admin.register(OrganisationMembership)
class MembershipAdmin(admin.ModelAdmin[OrganisationMembership]):
    """Read and remove; roles change on the organisation's page, members join by invitation."""

    list_display = ["organisation", "member", "role", "created_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["organisation__name", "user__username", "user__citizen__surname"]
    list_select_related = ["organisation", "user", "user__citizen"]
    fields = ["organisation", *_MEMBERSHIP_SHOWN]
    readonly_fields = ["organisation", *_MEMBERSHIP_SHOWN]

    @admin.display(description=_("Person"))
    def member(self, membership: OrganisationMembership) -> str:
        return person_name(membership.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, each with its own answer
        return actions

    def delete_model(self, request: HttpRequest, obj: OrganisationMembership) -> None:
        try:
            member_remove(actor=request.user, membership=obj)  # type: ignore[arg-type]
        except OrganisationRefused as refusal:
            self.message_user(request, str(refusal.message), messages.ERROR)
            request._membership_kept = True  # type: ignore[attr-defined]

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id: int) -> Any:
        if getattr(request, "_membership_kept", False):  # no "deleted successfully" then
            return HttpResponseRedirect(reverse("admin:identity_organisationmembership_changelist"))
        return super().response_delete(request, obj_display, obj_id)


class InvitationAddForm(forms.ModelForm[Invitation]):
    class Meta:
        model = Invitation
        fields = ["organisation", "email", "role"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation, email = data.get("organisation"), data.get("email")
        if organisation and email:
            if is_member_email(organisation_id=organisation.pk, email=email):
                self.add_error("email", _("Zu dieser E-Mail-Adresse gibt es schon ein Mitglied."))
            elif invitation_open_to(organisation_id=organisation.pk, email=email):
                self.add_error("email", _("An diese Adresse ist schon eine Einladung unterwegs."))
        return data


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    """Invite someone (e.g. a municipality's first owner); the e-mail goes out by a task."""

    list_display = ["organisation", "email", "role", "state", "expires_at"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "email"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
    actions = ["revoke"]

    def get_form(
        self,
        request: HttpRequest,
        obj: Invitation | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[Invitation]]:
        if obj is None:
            kwargs["form"] = InvitationAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["organisation", "email", "role"] if obj is None else _INVITATION_SHOWN

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else _INVITATION_SHOWN

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an invitation is sent once; revoke it and send a new one

    @admin.display(description=_("Stand"))
    def state(self, invitation: Invitation) -> str:
        if invitation.accepted_at:
            return str(_("angenommen"))
        if invitation.revoked_at:
            return str(_("zurückgezogen"))
        if invitation.expires_at <= timezone.now():
            return str(_("abgelaufen"))
        return str(_("offen"))

    def save_model(self, request: HttpRequest, obj: Invitation, form: Any, change: bool) -> None:
        created = invitation_send(
            actor=request.user,  # type: ignore[arg-type]
            organisation=obj.organisation,
            email=obj.email,
            role=obj.role,
        )
        obj.pk = created.pk  # the admin's redirect names the new invitation

    @admin.action(description=_("Ausgewählte Einladungen zurückziehen"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        done = sum(
            invitation_revoke(actor=request.user, invitation=invitation)  # type: ignore[arg-type]
            for invitation in queryset
        )
        self.message_user(request, _("%(count)d Einladung(en) zurückgezogen.") % {"count": done})
