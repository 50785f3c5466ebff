from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rathaus.catalog.models import (
    LifeSituation,
    Offering,
    OzgService,
    ResponsibilityRule,
    Service,
    Topic,
)
from rathaus.catalog.services import service_delete, service_save


class FlaggedFilter(admin.SimpleListFilter):
    title = _("Datenqualität")
    parameter_name = "has_flag"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", str(_("mit Hinweis"))), ("no", str(_("ohne Hinweis")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.exclude(flag="")
        if self.value() == "no":
            return queryset.filter(flag="")
        return queryset


class OfferingInline(admin.TabularInline[Offering, Service]):
    model = Offering
    extra = 0
    raw_id_fields = ["region", "authority"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin[Service]):
    list_display = ["name", "leika_key", "typisierung", "ozg_service", "flag"]
    list_filter = [FlaggedFilter, "typisierung", "ozg_service__life_situation__topic"]
    search_fields = ["name", "leika_key", "keywords", "ozg_service__name"]
    list_select_related = ["ozg_service"]
    raw_id_fields = ["ozg_service"]
    inlines = [OfferingInline]

    def save_model(self, request: HttpRequest, obj: Service, form: Any, change: bool) -> None:
        service_save(service=obj)

    def delete_model(self, request: HttpRequest, obj: Service) -> None:
        service_delete(service=obj)


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin[Offering]):
    list_display = ["service", "region", "authority", "online_status", "maturity_v1", "maturity_v2"]
    list_filter = ["online_status", "maturity_v1", "maturity_v2", "region__level"]
    search_fields = ["service__name", "service__leika_key", "region__name", "region__ags"]
    list_select_related = ["service", "region", "authority"]
    raw_id_fields = ["service", "region", "authority"]


@admin.register(ResponsibilityRule)
class ResponsibilityRuleAdmin(admin.ModelAdmin[ResponsibilityRule]):
    list_display = ["priority", "name", "target_level", "match_typisierung", "is_active"]
    list_display_links = ["name"]
    list_filter = ["target_level", "is_active"]
    search_fields = ["name", "description", "match_name_words"]
    raw_id_fields = ["target_authority"]


@admin.register(OzgService)
class OzgServiceAdmin(admin.ModelAdmin[OzgService]):
    list_display = ["name", "ozg_id", "life_situation"]
    list_filter = ["life_situation__topic"]
    search_fields = ["name", "ozg_id"]
    list_select_related = ["life_situation"]


@admin.register(LifeSituation)
class LifeSituationAdmin(admin.ModelAdmin[LifeSituation]):
    list_display = ["name", "topic"]
    list_filter = ["topic"]
    search_fields = ["name"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    search_fields = ["name"]
