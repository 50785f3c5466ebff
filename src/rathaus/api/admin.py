"""API clients in the admin: Land operators (superusers) see and revoke them; tokens are
created on the command line only (shown once), so the admin never shows one."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rathaus.api.models import ApiClient
from rathaus.api.services import api_client_revoke


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin[ApiClient]):
    list_display = ["name", "authority", "token_prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "token_prefix", "authority__name"]
    readonly_fields = [
        "authority",
        "name",
        "scopes",
        "token_prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    exclude = ["token_hash"]
    actions = ["revoke"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: ApiClient | None = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: ApiClient | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # `rathaus api-clients add` shows the token once

    def has_delete_permission(self, request: HttpRequest, obj: ApiClient | None = None) -> bool:
        return False  # revoke instead: the history keeps who acknowledged what

    @admin.action(description=_("Token widerrufen"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            api_client_revoke(client=client)
        self.message_user(request, _("Die Tokens sind widerrufen."))
