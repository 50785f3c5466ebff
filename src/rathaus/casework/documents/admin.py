"""Decision templates in the admin: the check's errors on the form, a PDF preview."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rathaus.casework.documents.preview import decision_preview
from rathaus.casework.documents.selectors import service_form_fields
from rathaus.casework.documents.services import decision_template_save
from rathaus.casework.documents.variables import ANSWER_PREFIX, VARIABLES
from rathaus.casework.models import DecisionTemplate


def pdf_response(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(admin.ModelAdmin[DecisionTemplate]):
    list_display = ["name", "service", "authority", "outcome", "active", "updated_at"]
    list_filter = ["outcome", "active"]
    list_select_related = ["service", "authority"]
    search_fields = ["name", "service__name", "service__leika_key", "authority__name"]
    raw_id_fields = ["service", "authority"]
    fields = [
        "service",
        "authority",
        "name",
        "outcome",
        "active",
        "body",
        "legal_remedy",
        "variables",
        "preview_link",
        "created_at",
        "updated_at",
    ]
    readonly_fields = ["variables", "preview_link", "created_at", "updated_at"]
    actions = ["preview"]

    # through the service: the same full check as every other write
    def save_model(
        self,
        request: HttpRequest,
        obj: DecisionTemplate,
        form: ModelForm[DecisionTemplate],
        change: bool,
    ) -> None:
        decision_template_save(template=obj)

    @admin.display(description=_("Verfügbare Variablen"))
    def variables(self, template: DecisionTemplate) -> SafeString:
        rows = [(f"{{{{ {v.name} }}}}", str(v.meaning)) for v in VARIABLES]
        if template.service_id:
            fields = service_form_fields(service_id=template.service_id)
            rows += [(f"{{{{ {ANSWER_PREFIX}{key} }}}}", label) for key, label in fields.items()]
        else:
            rows.append(
                (f"{{{{ {ANSWER_PREFIX}… }}}}", gettext("die Felder des Formulars der Leistung"))
            )
        return format_html(
            "<dl>{}</dl>", format_html_join("", "<dt><code>{}</code></dt><dd>{}</dd>", rows)
        )

    @admin.display(description=_("Vorschau"))
    def preview_link(self, template: DecisionTemplate) -> str:
        if not template.pk:
            return gettext("nach dem Speichern")
        url = reverse("admin:casework_decisiontemplate_preview", args=[template.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Als PDF mit Beispielwerten"))

    @admin.action(description=_("Vorschau als PDF mit Beispielwerten"))
    def preview(
        self, request: HttpRequest, queryset: QuerySet[DecisionTemplate]
    ) -> HttpResponse | None:
        templates = list(queryset[:2])
        if len(templates) != 1:
            self.message_user(
                request,
                gettext("Bitte genau eine Vorlage für die Vorschau wählen."),
                messages.ERROR,
            )
            return None
        return pdf_response(decision_preview(template=templates[0]), "bescheid-vorschau.pdf")

    def get_urls(self) -> list[URLPattern]:
        preview = path(
            "<int:pk>/vorschau/",
            self.admin_site.admin_view(self.preview_view),
            name="casework_decisiontemplate_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        template = self.get_object(request, str(pk))
        if template is None or not self.has_view_permission(request, template):
            raise Http404
        return pdf_response(decision_preview(template=template), f"bescheid-vorschau-{pk}.pdf")
