"""Drafts in the admin: when and for which form, never what was answered."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from rathaus.submissions import admin_delivery  # noqa: F401  (registers the delivery admins)
from rathaus.submissions.models import Draft
from rathaus.submissions.services import draft_delete

_SHOWN = (
    "id",
    "form_version",
    "owner_kind",
    "current_page",
    "created_at",
    "updated_at",
    "expires_at",
)


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin[Draft]):
    list_display = ["id", "form_version", "owner_kind", "created_at", "updated_at", "expires_at"]
    list_filter = ["expires_at"]
    list_select_related = ["form_version__form"]
    # sealed_answers is left out on purpose: the admin never shows answers, not even sealed.
    fields = _SHOWN
    readonly_fields = _SHOWN

    @admin.display(description="Besitzer")
    def owner_kind(self, draft: Draft) -> str:
        """Whether an account or an anonymous session owns the draft (not who)."""
        return "Konto" if draft.owner_user_id else "anonym"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Draft | None = None) -> bool:
        return False

    # through the service, so that a draft's sealed files go with it
    def delete_model(self, request: HttpRequest, obj: Draft) -> None:
        draft_delete(draft=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Draft]) -> None:
        for draft in queryset:
            draft_delete(draft=draft)
