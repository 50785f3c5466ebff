"""One line puts a model's admin pages on the audit trail.

    class CitizenAdmin(AuditedModelAdmin[Citizen]):   # instead of admin.ModelAdmin[Citizen]

Opening an object (its change, history or delete page) records a `read`, the list records a
`read` naming the ids shown, saving records `create` or `change` with the changed field names
(and the inline rows added, changed or deleted), deleting records `delete` — each in the
same transaction as the change it describes. Field values are never recorded.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from rathaus.audit.models import AuditAction
from rathaus.audit.services import actor_of, audit_record

_ModelT = TypeVar("_ModelT", bound=Model)


class AuditedModelAdmin(admin.ModelAdmin[_ModelT]):
    """A ModelAdmin whose reads, saves and deletes are recorded in the audit trail."""

    def audit_authority_id(self, obj: _ModelT) -> int | None:
        """The authority the object belongs to; override where it is not `obj.authority_id`."""
        value = getattr(obj, "authority_id", None)
        return value if isinstance(value, int) else None

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        self._audit_page(request, response, "change")
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        self._audit_page(request, response, "history")
        return response

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().delete_view(request, object_id, extra_context)
        self._audit_page(request, response, "delete")
        return response

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = _context(response).get("cl")
        if request.method == "GET" and changelist is not None:
            audit_record(
                actor=actor_of(request),
                action=AuditAction.READ,
                obj_type=self.model._meta.label,
                obj_id="",
                details={"view": "list", "ids": [str(o.pk) for o in changelist.result_list]},
            )
        return response

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: Any) -> None:
        super().save_related(request, form, formsets, change)
        details: dict[str, object] = {"fields": sorted(form.changed_data)}
        inlines = [_inline_changes(formset) for formset in formsets if formset.has_changed()]
        if inlines:
            details["inlines"] = inlines
        if change and not form.changed_data and not inlines:
            return  # "save" without a change changes nothing
        action = AuditAction.CHANGE if change else AuditAction.CREATE
        self._audit(request, action, form.instance, details)

    # Deletes are recorded after the rows are gone: the head's lock is then the transaction's
    # last, so it is held briefly and never waited for while other rows are locked.
    def delete_model(self, request: HttpRequest, obj: _ModelT) -> None:
        obj_id, authority_id = str(obj.pk), self.audit_authority_id(obj)
        super().delete_model(request, obj)
        self._record(request, AuditAction.DELETE, obj, obj_id, authority_id, {})

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic(using=queryset.db):
            doomed = [(obj, str(obj.pk), self.audit_authority_id(obj)) for obj in queryset]
            super().delete_queryset(request, queryset)
            for obj, obj_id, authority_id in doomed:
                self._record(request, AuditAction.DELETE, obj, obj_id, authority_id, {})

    def _audit_page(self, request: HttpRequest, response: HttpResponse, view: str) -> None:
        """A page that shows an object (status 200 with the object in it) is a read."""
        obj = _context(response).get("object") or _context(response).get("original")
        if response.status_code == 200 and isinstance(obj, self.model):
            self._audit(request, AuditAction.READ, obj, {"view": view})

    def _audit(
        self, request: HttpRequest, action: AuditAction, obj: _ModelT, details: dict[str, object]
    ) -> None:
        self._record(request, action, obj, str(obj.pk), self.audit_authority_id(obj), details)

    def _record(
        self,
        request: HttpRequest,
        action: AuditAction,
        obj: Model,
        obj_id: str,
        authority_id: int | None,
        details: dict[str, object],
    ) -> None:
        audit_record(
            actor=actor_of(request),
            action=action,
            obj_type=obj._meta.label,
            obj_id=obj_id,
            authority_id=authority_id,
            details=details,
        )


def _context(response: HttpResponse) -> dict[str, Any]:
    """The template context of a TemplateResponse that is not rendered yet, else nothing."""
    context = getattr(response, "context_data", None)
    return context if isinstance(context, dict) else {}


def _inline_changes(formset: Any) -> dict[str, object]:
    """Which inline rows a save added, changed (with field names) or deleted."""
    return {
        "model": formset.model._meta.label,
        "added": [str(obj.pk) for obj in formset.new_objects],
        "changed": {str(obj.pk): sorted(fields) for obj, fields in formset.changed_objects},
        "deleted": len(formset.deleted_objects),
    }
