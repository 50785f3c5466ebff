"""Authorities and their staff in the admin.

The register of authorities is public master data for the editors (Django permissions). Who
works for an authority is scoped: an authority's administration sees its members and adds
caseworkers and readers to it; Land operators (superusers) manage every membership.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rathaus.authorities.admin_scope import ADMIN_ROLES, AuthorityScopedAdmin, is_operator
from rathaus.authorities.models import Authority, StaffMembership, StaffRole
from rathaus.authorities.selectors import roles_grantable
from rathaus.authorities.services import (
    staff_membership_change,
    staff_membership_grant,
    staff_membership_revoke,
)


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin[Authority]):
    list_display = ["name", "kind", "region", "email", "phone"]
    list_filter = ["kind", "region__level"]
    search_fields = ["name", "short_name", "region__name", "region__ags", "email"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]
    prepopulated_fields = {"slug": ["name"]}


class StaffMembershipForm(forms.ModelForm[StaffMembership]):
    """A membership: an existing staff account by its username, an authority and a role."""

    staff_user: Any = None  # the person editing; set per request by the admin

    class Meta:
        model = StaffMembership
        fields = ["authority", "role"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        authority: Authority | None = cleaned.get("authority") or getattr(
            self.instance, "authority", None
        )
        role = cleaned.get("role")
        if authority is None or not role:
            return cleaned  # the missing field has its own error
        if role not in roles_grantable(user=self.staff_user, authority_id=authority.pk):
            self.add_error("role", _("Diese Rolle dürfen Sie in dieser Behörde nicht vergeben."))
        return cleaned


class StaffMembershipAddForm(StaffMembershipForm):
    username = forms.CharField(
        label=_("Benutzername"),
        max_length=150,
        help_text=_("Ein vorhandenes Verwaltungskonto (angelegt mit rathaus staff add)."),
    )

    class Meta(StaffMembershipForm.Meta):
        fields = ["username", "authority", "role"]

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=name, is_staff=True, is_active=True).first()
        if user is None:
            raise ValidationError(_("Kein aktives Verwaltungskonto mit diesem Benutzernamen."))
        return user

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user, authority = cleaned.get("username"), cleaned.get("authority")
        if user and authority and StaffMembership.objects.filter(user=user, authority=authority):
            self.add_error("username", _("Dieses Konto gehört der Behörde schon an."))
        return cleaned


@admin.register(StaffMembership)
class StaffMembershipAdmin(AuthorityScopedAdmin[StaffMembership]):
    list_display = ["user", "authority", "role", "created_at", "created_by"]
    list_filter = ["role"]
    search_fields = ["user__username", "authority__name"]
    list_select_related = ["user", "authority", "created_by"]
    add_roles = change_roles = delete_roles = ADMIN_ROLES

    def get_form(
        self,
        request: HttpRequest,
        obj: StaffMembership | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        kwargs["form"] = StaffMembershipForm if obj else StaffMembershipAddForm
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"staff_user": request.user})

    def get_fields(self, request: HttpRequest, obj: StaffMembership | None = None) -> Any:
        if obj is None:
            return ["username", "authority", "role"]
        return ["user", "authority", "role", "created_at", "created_by"]

    def get_readonly_fields(self, request: HttpRequest, obj: StaffMembership | None = None) -> Any:
        return ["user", "authority", "created_at", "created_by"] if obj else []

    def _touches_an_admin(self, request: HttpRequest, obj: StaffMembership | None) -> bool:
        """An authority's administration leaves administrators to the Land operators."""
        return obj is not None and obj.role == StaffRole.ADMIN and not is_operator(request)

    def has_change_permission(
        self, request: HttpRequest, obj: StaffMembership | None = None
    ) -> bool:
        if self._touches_an_admin(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: StaffMembership | None = None
    ) -> bool:
        if self._touches_an_admin(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: StaffMembership, form: Any, change: bool
    ) -> None:
        if change:
            staff_membership_change(membership=obj, role=form.cleaned_data["role"])
            return
        created = staff_membership_grant(
            user=form.cleaned_data["username"],
            authority=form.cleaned_data["authority"],
            role=form.cleaned_data["role"],
            granted_by=request.user if isinstance(request.user, User) else None,
        )
        # the admin's log, message and redirect name the row the service stored
        for field in StaffMembership._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: StaffMembership) -> None:
        staff_membership_revoke(membership=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[StaffMembership]) -> None:
        for membership in queryset:
            staff_membership_revoke(membership=membership)
