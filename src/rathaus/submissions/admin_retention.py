"""Destruction lists in the staff site: the authority's administration reviews a list, keeps
what must stay (with a reason) and approves it; the retention run carries it out."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rathaus.audit.admin_mixin import AuditedModelAdmin
from rathaus.authorities.admin_scope import ADMIN_ROLES, AuthorityScopedAdmin
from rathaus.submissions.destruction import (
    DestructionRefused,
    destruction_item_keep,
    destruction_list_approve,
)
from rathaus.submissions.models import DestructionItem, DestructionList, DestructionListState

_ADMINS = ADMIN_ROLES
_LIST_FIELDS = ("authority", "period", "state", "created_at", "approved_by", "approved_at")


class DestructionItemInline(admin.TabularInline[DestructionItem, DestructionList]):
    model = DestructionItem
    extra = 0
    can_delete = False
    fields = ["reference", "closed_at", "keep", "keep_reason"]
    readonly_fields = ["reference", "closed_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.state != DestructionListState.PROPOSED:
            return [*self.fields]  # decided: nothing to change any more
        return self.readonly_fields


@admin.register(DestructionList)
class DestructionListAdmin(
    AuditedModelAdmin[DestructionList], AuthorityScopedAdmin[DestructionList]
):
    """An authority's destruction lists; its administration keeps items and approves."""

    list_display = ["authority", "period", "state", "created_at", "approved_at", "executed_at"]
    list_filter = ["state"]
    fields = _LIST_FIELDS
    readonly_fields = _LIST_FIELDS
    inlines = [DestructionItemInline]
    actions = ["approve"]
    change_roles = _ADMINS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the retention run proposes the lists

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Keep or release items through the service (checked, audited), not by a plain save."""
        assert isinstance(formset, BaseInlineFormSet)
        for item_form in formset.forms:
            if not item_form.has_changed():
                continue
            try:
                destruction_item_keep(
                    item=item_form.instance,
                    keep=bool(item_form.cleaned_data.get("keep")),
                    reason=str(item_form.cleaned_data.get("keep_reason") or ""),
                    by=request.user,  # type: ignore[arg-type]
                )
            except DestructionRefused as refused:
                messages.error(request, f"{item_form.instance.reference}: {refused}")

    def save_model(
        self, request: HttpRequest, obj: DestructionList, form: Any, change: bool
    ) -> None:
        """The list's own fields are read-only; its items go through save_formset."""

    @admin.action(description=_("Ausgewählte Löschlisten freigeben"))
    def approve(self, request: HttpRequest, queryset: QuerySet[DestructionList]) -> None:
        allowed = self.authority_ids(request, _ADMINS)
        approved = 0
        for listing in queryset:
            if request.user.is_superuser or listing.authority_id in allowed:
                approved += destruction_list_approve(listing=listing, by=request.user)  # type: ignore[arg-type]
        messages.info(request, _("%(count)d Löschliste(n) freigegeben.") % {"count": approved})
