"""One base for every admin screen with an authority's data: it shows and changes only what
the staff member's memberships allow.

A staff member sees the objects of the authorities they belong to, in any role; the roles a
screen names may change, add or delete them. Land operators (superusers) see everything.
Django's per-model permissions play no part for members: the membership decides. Someone
else's object answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from rathaus.authorities.models import Authority, StaffRole
from rathaus.authorities.selectors import staff_roles

ScopedModel = TypeVar("ScopedModel", bound=models.Model)
_CACHE = "_rathaus_staff_roles"

# who works applications (status, resending): the administration and the caseworkers
WORKING_ROLES = frozenset({StaffRole.ADMIN.value, StaffRole.CASEWORKER.value})
# who configures the authority (delivery route, memberships): its administration
ADMIN_ROLES = frozenset({StaffRole.ADMIN.value})


def request_roles(request: HttpRequest) -> dict[int, str]:
    """The logged-in staff member's role per authority id, read once per request."""
    cached: dict[int, str] | None = getattr(request, _CACHE, None)
    if cached is None:
        cached = staff_roles(user=request.user)
        setattr(request, _CACHE, cached)
    return cached


def is_operator(request: HttpRequest) -> bool:
    """A Land operator (superuser): sees and changes every authority's data."""
    return bool(request.user.is_active and request.user.is_superuser)


class AuthorityScopedAdmin(admin.ModelAdmin[ScopedModel]):
    """Limits a model admin to the staff member's authorities.

    `authority_path` is the ORM path from the model to its `Authority`; `change_roles`,
    `add_roles` and `delete_roles` name the roles that may do that (actions that change
    something declare `permissions=["change"]`). Readers only ever read.
    """

    authority_path = "authority"
    change_roles: frozenset[str] = frozenset()
    add_roles: frozenset[str] = frozenset()
    delete_roles: frozenset[str] = frozenset()

    def authority_ids(self, request: HttpRequest, roles: frozenset[str] | None = None) -> set[int]:
        """The authorities in which the member holds one of these roles (any role: None)."""
        held = request_roles(request)
        return {pk for pk, role in held.items() if roles is None or role in roles}

    def scope(self, queryset: QuerySet[ScopedModel], ids: set[int]) -> QuerySet[ScopedModel]:
        """The rows that belong to these authorities."""
        return queryset.filter(**{f"{self.authority_path}__in": ids})

    def authority_id_of(self, obj: ScopedModel) -> int | None:
        """The id of the authority an object belongs to (None: the Land's clearing office)."""
        *hops, last = self.authority_path.split("__")
        target: Any = obj
        for hop in hops:
            target = getattr(target, hop, None)
            if target is None:
                return None
        found: int | None = getattr(target, f"{last}_id", None)
        return found

    def get_queryset(self, request: HttpRequest) -> QuerySet[ScopedModel]:
        queryset = super().get_queryset(request)
        if is_operator(request):
            return queryset
        return self.scope(queryset, self.authority_ids(request))

    def _allowed(
        self, request: HttpRequest, roles: frozenset[str] | None, obj: ScopedModel | None
    ) -> bool:
        ids = self.authority_ids(request, roles)
        if obj is None:
            return bool(ids)
        return self.authority_id_of(obj) in ids

    def has_module_permission(self, request: HttpRequest) -> bool:
        if is_operator(request):
            return super().has_module_permission(request)
        return bool(request_roles(request))

    def has_view_permission(self, request: HttpRequest, obj: ScopedModel | None = None) -> bool:
        if is_operator(request):
            return super().has_view_permission(request, obj)
        return self._allowed(request, None, obj)

    def has_change_permission(self, request: HttpRequest, obj: ScopedModel | None = None) -> bool:
        if is_operator(request):
            return super().has_change_permission(request, obj)
        return self._allowed(request, self.change_roles, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        if is_operator(request):
            return super().has_add_permission(request)
        return bool(self.authority_ids(request, self.add_roles))

    def has_delete_permission(self, request: HttpRequest, obj: ScopedModel | None = None) -> bool:
        if is_operator(request):
            return super().has_delete_permission(request, obj)
        return self._allowed(request, self.delete_roles, obj)

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        """A member picks only authorities in which they may add or change."""
        if db_field.related_model is Authority and not is_operator(request):
            writable = self.authority_ids(request, self.add_roles | self.change_roles)
            kwargs["queryset"] = Authority.objects.filter(pk__in=writable)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _in_scope_or_404(self, request: HttpRequest, object_id: str) -> None:
        # Django's admin would redirect with "does not exist"; 404 says no more than that
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        self._in_scope_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self._in_scope_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)
