"""Deliveries, routes and the inbox in the admin: see every state, resend a failed one.

Every screen here is scoped to the staff member's authorities (AuthorityScopedAdmin): readers
look, caseworkers resend, only an authority's administration changes its delivery route.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rathaus.audit.admin_mixin import AuditedModelAdmin
from rathaus.authorities.admin_scope import (
    ADMIN_ROLES,
    WORKING_ROLES,
    AuthorityScopedAdmin,
    is_operator,
)
from rathaus.common.crypto import seal_json
from rathaus.submissions.delivery.outbox import delivery_resend
from rathaus.submissions.delivery.registry import channel_choices, channel_get
from rathaus.submissions.delivery.routes import route_of
from rathaus.submissions.models import (
    Delivery,
    DeliveryRoute,
    DeliveryState,
    FitConnectTransfer,
    InboxItem,
)

MASK = "********"


class DeliveryRouteForm(forms.ModelForm[DeliveryRoute]):
    """Channel and settings; secrets are shown masked and kept when left masked."""

    settings_json = forms.JSONField(
        label=_("Einstellungen (JSON)"),
        required=False,
        initial=dict,
        help_text=_("Geheimnisse erscheinen als ********; unverändert gelassen, bleiben sie."),
    )

    class Meta:
        model = DeliveryRoute
        fields = ["authority", "channel"]
        widgets = {"channel": forms.Select(choices=[])}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "channel" in self.fields:  # not on the read-only page
            self.fields["channel"].widget.choices = channel_choices()
        self._stored: dict[str, Any] = {}
        if self.instance.pk:
            route = route_of(self.instance.authority)
            self._stored = route.settings if route else {}
            channel = channel_get(self.instance.channel)
            secrets = channel.secret_settings if channel else ()
            masked = {k: MASK if k in secrets and v else v for k, v in self._stored.items()}
            self.initial["settings_json"] = masked

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        channel = channel_get(cleaned.get("channel", ""))
        if channel is None:
            self.add_error("channel", _("Diesen Übermittlungsweg gibt es hier nicht."))
            return cleaned
        raw = cleaned.get("settings_json") or {}
        if not isinstance(raw, dict):
            self.add_error("settings_json", _("Die Einstellungen müssen ein JSON-Objekt sein."))
            return cleaned
        kept = {k: self._stored.get(k, "") if v == MASK else v for k, v in raw.items()}
        try:
            cleaned["settings_clean"] = channel.clean_settings(kept)
        except forms.ValidationError as error:
            self.add_error("settings_json", error)
        return cleaned

    def save(self, commit: bool = True) -> DeliveryRoute:
        route = super().save(commit=False)
        route.sealed_settings = seal_json(
            self.cleaned_data["settings_clean"], context=route.sealing_context
        )
        if commit:
            route.save()
        return route


@admin.register(DeliveryRoute)
class DeliveryRouteAdmin(AuthorityScopedAdmin[DeliveryRoute]):
    form = DeliveryRouteForm
    list_display = ["authority", "channel", "updated_at"]
    list_select_related = ["authority"]
    search_fields = ["authority__name"]
    add_roles = change_roles = delete_roles = ADMIN_ROLES

    def get_autocomplete_fields(self, request: HttpRequest) -> list[str]:
        # the Land's operators search every authority; a member picks from their own list
        return ["authority"] if is_operator(request) else []

    def get_readonly_fields(self, request: HttpRequest, obj: DeliveryRoute | None = None) -> Any:
        return ["authority"] if obj else []

    def get_fields(self, request: HttpRequest, obj: DeliveryRoute | None = None) -> Any:
        if obj is not None and not self.has_change_permission(request, obj):
            return ["authority", "channel", "updated_at"]  # readers see no settings
        return super().get_fields(request, obj)


@admin.register(Delivery)
class DeliveryAdmin(AuthorityScopedAdmin[Delivery]):
    list_display = [
        "submission",
        "authority",
        "channel",
        "state",
        "attempts",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["state", "channel"]
    list_select_related = ["submission__authority"]
    search_fields = ["submission__reference"]
    actions = ["resend"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    authority_path = "submission__authority"
    change_roles = WORKING_ROLES

    @admin.display(description=_("Behörde"))
    def authority(self, delivery: Delivery) -> str:
        authority = delivery.submission.authority
        return authority.name if authority else "–"

    @admin.action(
        description=_("Fehlgeschlagene Übermittlungen erneut senden"), permissions=["change"]
    )
    def resend(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        resent = sum(
            delivery_resend(delivery=d) for d in queryset.filter(state=DeliveryState.FAILED)
        )
        skipped = queryset.count() - resent
        messages.success(request, _("%(n)d Übermittlung(en) neu eingeplant.") % {"n": resent})
        if skipped:
            messages.warning(
                request,
                _("%(n)d nicht fehlgeschlagene Übermittlung(en) blieben unverändert.")
                % {"n": skipped},
            )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Delivery | None = None) -> bool:
        return False


@admin.register(InboxItem)
class InboxItemAdmin(AuditedModelAdmin[InboxItem], AuthorityScopedAdmin[InboxItem]):
    """The applications in an authority's Rathaus inbox; they are worked as Anträge."""

    list_display = ["submission", "authority", "status", "received_at"]
    list_select_related = ["submission", "authority"]
    readonly_fields = ["authority", "submission", "delivery_key", "received_at"]

    @admin.display(description=_("Status"))
    def status(self, item: InboxItem) -> str:
        return item.submission.get_status_display()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(FitConnectTransfer)
class FitConnectTransferAdmin(AuthorityScopedAdmin[FitConnectTransfer]):
    """FIT-Connect submissions as announced to the Zustelldienst (for support: ids only)."""

    list_display = ["delivery_key", "submission_id", "state", "created_at"]
    list_filter = ["state"]
    search_fields = ["submission_id", "case_id", "delivery_key"]
    readonly_fields = [f.name for f in FitConnectTransfer._meta.fields]

    # a transfer names its delivery by key only: the authority is the delivery's
    def scope(
        self, queryset: QuerySet[FitConnectTransfer], ids: set[int]
    ) -> QuerySet[FitConnectTransfer]:
        keys = Delivery.objects.filter(submission__authority__in=ids).values("id")
        return queryset.filter(delivery_key__in=keys)

    def authority_id_of(self, obj: FitConnectTransfer) -> int | None:
        found: int | None = (
            Delivery.objects.filter(pk=obj.delivery_key)
            .values_list("submission__authority_id", flat=True)
            .first()
        )
        return found

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # written by the FIT-Connect channel only

    def has_change_permission(
        self, request: HttpRequest, obj: FitConnectTransfer | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: FitConnectTransfer | None = None
    ) -> bool:
        return False
