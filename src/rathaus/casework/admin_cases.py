"""Admin screens for the back office's settings: teams, routing rules, legal deadlines.

For Land operators for now (like the decision templates); per-authority administration of
teams and rules follows with the scoped admin (authorities/admin_scope.py).
"""

from __future__ import annotations

from django.contrib import admin

from rathaus.casework.models import RoutingRule, ServiceDeadline, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name", "authority")
    list_filter = ("authority",)
    filter_horizontal = ("members",)
    search_fields = ("name",)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin[RoutingRule]):
    list_display = ("service", "authority", "team", "assignee", "priority")
    list_filter = ("authority",)
    raw_id_fields = ("service",)


@admin.register(ServiceDeadline)
class ServiceDeadlineAdmin(admin.ModelAdmin[ServiceDeadline]):
    list_display = ("service", "authority", "days")
    raw_id_fields = ("service",)
