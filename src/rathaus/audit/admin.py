from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rathaus.audit.models import AuditEntry


def _superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """The trail for superusers, read-only: nobody adds, changes or deletes an entry here."""

    list_display = [
        "sequence",
        "created_at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "authority_id",
        "reason",
    ]
    list_filter = ["action", "object_type"]
    # exact matches, so that the indexes serve the search in millions of entries
    search_fields = ["object_id", "actor"]
    search_help_text = _("Objekt-ID oder Benutzername, genau wie gespeichert")
    ordering = ["-sequence"]
    show_full_result_count = False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[AuditEntry], search_term: str
    ) -> tuple[QuerySet[AuditEntry], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(Q(object_id=term) | Q(actor=term)), False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
