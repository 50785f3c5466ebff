from __future__ import annotations

from django.contrib import admin

from rathaus.forms.models import Form, FormVersion


class FormVersionInline(admin.TabularInline[FormVersion, Form]):
    model = FormVersion
    extra = 0
    fields = ["number", "status", "source", "source_name", "created_at", "published_at"]
    readonly_fields = ["number", "status", "source", "source_name", "created_at", "published_at"]
    can_delete = False
    show_change_link = True


@admin.register(Form)
class FormAdmin(admin.ModelAdmin[Form]):
    list_display = ["title", "key", "service"]
    search_fields = ["title", "key", "service__name", "service__leika_key"]
    raw_id_fields = ["service"]
    inlines = [FormVersionInline]


@admin.register(FormVersion)
class FormVersionAdmin(admin.ModelAdmin[FormVersion]):
    list_display = ["form", "number", "status", "source", "published_at"]
    list_filter = ["status", "source"]
    search_fields = ["form__title", "form__key", "source_name"]
    readonly_fields = [
        "form",
        "number",
        "status",
        "source",
        "source_name",
        "definition",
        "report",
        "created_at",
        "published_at",
    ]

    def has_add_permission(self, request: object) -> bool:
        return False  # versions come from an import or the form editor, never typed in here
