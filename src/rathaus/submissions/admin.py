"""Applications and drafts in the admin: when, for which form and authority, in which
state; never what was answered."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from rathaus.audit.admin_mixin import AuditedModelAdmin
from rathaus.authorities.admin_scope import WORKING_ROLES, AuthorityScopedAdmin
from rathaus.submissions import (  # noqa: F401  (register the delivery and retention admins)
    admin_delivery,
    admin_retention,
)
from rathaus.submissions.models import Draft, Submission
from rathaus.submissions.services import draft_delete
from rathaus.submissions.submitting import submission_status_set

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
class DraftAdmin(AuditedModelAdmin[Draft]):
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


# Fachdaten, contact and owner stay out: the admin never shows what was answered. Only the
# status can be changed (by the roles the screen names).
_SUBMISSION_FIELDS = (
    "reference",
    "status",
    "form_version",
    "authority",
    "municipality",
    "submitted_at",
    "language",
    "confirmation_sent_at",
    "closed_at",
    "anonymised_at",
)


@admin.register(Submission)
class SubmissionAdmin(AuditedModelAdmin[Submission], AuthorityScopedAdmin[Submission]):
    """An authority's applications; its caseworkers move them from step to step."""

    list_display = ["reference", "form_version", "authority", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["reference"]
    list_select_related = ["form_version__form", "authority"]
    fields = _SUBMISSION_FIELDS
    readonly_fields = [name for name in _SUBMISSION_FIELDS if name != "status"]
    change_roles = WORKING_ROLES

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # applications come from citizens only

    def has_delete_permission(self, request: HttpRequest, obj: Submission | None = None) -> bool:
        return False  # retention anonymises them; nobody deletes one by hand

    def save_model(self, request: HttpRequest, obj: Submission, form: Any, change: bool) -> None:
        submission_status_set(submission=obj, status=form.cleaned_data["status"])
