from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from rathaus.catalog.models import Service
from rathaus.forms.models import Form, FormVersion
from rathaus.forms.services import PublishRefused, form_version_create, form_version_publish
from rathaus.forms.uploads import UploadRefused, parse_upload


class MultipleFileInput(django_forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(django_forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class UploadForm(django_forms.Form):
    schema = django_forms.FileField(
        label=_("Formulardatei"),
        help_text=_("FIM XDatenfelder 2.0 oder 3.0.0 (.xml, .xml.gz) oder eigenes Format (.yaml)"),
    )
    codelists = MultipleFileField(
        label=_("Codelisten (genericode)"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True}),
    )
    service = django_forms.CharField(
        label=_("Leistungsschlüssel (LeiKa)"),
        required=False,
        max_length=14,
    )
    trust_level = django_forms.ChoiceField(
        label=_("Anmeldung mit BundID"),
        required=False,
        choices=[
            ("", _("wie in der Datei (FIM: keine Anmeldung nötig)")),
            ("niedrig", _("nötig, Vertrauensniveau niedrig")),
            ("substanziell", _("nötig, Vertrauensniveau substanziell")),
            ("hoch", _("nötig, Vertrauensniveau hoch")),
        ],
    )
    publish = django_forms.BooleanField(label=_("gleich veröffentlichen"), required=False)

    def clean_service(self) -> Service | None:
        key = self.cleaned_data["service"].strip()
        if not key:
            return None
        service = Service.objects.filter(leika_key=key).first()
        if service is None:
            raise django_forms.ValidationError(_("Keine Leistung mit diesem Schlüssel."))
        return service


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
    change_list_template = "admin/forms/form/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        upload = path(
            "hochladen/", self.admin_site.admin_view(self.upload_view), name="forms_form_upload"
        )
        return [upload, *super().get_urls()]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a FIM schema or own-format file (with code lists): a new draft version."""
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                parsed = parse_upload(form.cleaned_data["schema"], form.cleaned_data["codelists"])
            except UploadRefused as refused:
                for problem in refused.problems[:20]:
                    form.add_error("schema", problem)
            else:
                definition = parsed.definition
                if form.cleaned_data["trust_level"]:
                    level = form.cleaned_data["trust_level"]
                    definition = definition.model_copy(update={"trust_level": level})
                version = form_version_create(
                    definition=definition,
                    source_name=form.cleaned_data["schema"].name,
                    report=parsed.report,
                    service=form.cleaned_data["service"],
                )
                self._publish_if_asked(request, version, form.cleaned_data["publish"])
                return redirect("admin:forms_formversion_change", version.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Formular hochladen"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/forms/form/upload.html", context)

    def _publish_if_asked(self, request: HttpRequest, version: FormVersion, publish: bool) -> None:
        if not publish:
            messages.success(request, _("Als Entwurf gespeichert."))
            return
        try:
            form_version_publish(version=version)
            messages.success(request, _("Veröffentlicht."))
        except PublishRefused as refused:
            messages.warning(
                request,
                _("Als Entwurf gespeichert, nicht veröffentlicht: ")
                + "; ".join(refused.problems[:10]),
            )


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
    actions = ["publish"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # versions come from an upload or an import, never typed in here

    @admin.action(description=_("Ausgewählte Entwürfe veröffentlichen"))
    def publish(self, request: HttpRequest, queryset: QuerySet[FormVersion]) -> None:
        for version in queryset:
            try:
                form_version_publish(version=version)
                messages.success(request, f"{version}: veröffentlicht")
            except PublishRefused as refused:
                messages.error(request, f"{version}: " + "; ".join(refused.problems[:10]))
