"""The public read API (version 1)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from rathaus.catalog.search.index import search_services
from rathaus.forms.jsonschema_export import json_schema
from rathaus.forms.models import Form
from rathaus.forms.selectors import published_version, version_definition

MAX_LIMIT = 50


def _error(status: int, de: str, en: str) -> JsonResponse:
    return JsonResponse({"error": {"de": de, "en": en}}, status=status)


@require_GET
def search(request: HttpRequest) -> JsonResponse:
    """GET /api/v1/search?q=…&limit=… → the citizen search's ranking as JSON, best first."""
    query = request.GET.get("q", "").strip()
    if not query:
        return _error(400, "Der Parameter q (Suchbegriff) fehlt.", "The parameter q is missing.")
    if len(query) > settings.RATHAUS_SEARCH_MAX_QUERY:
        limit_text = str(settings.RATHAUS_SEARCH_MAX_QUERY)
        return _error(
            400,
            f"Der Suchbegriff ist zu lang (höchstens {limit_text} Zeichen).",
            f"The query is too long (at most {limit_text} characters).",
        )
    raw_limit = request.GET.get("limit", "10")
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_LIMIT:
        return _error(
            400,
            f"limit muss eine Zahl von 1 bis {MAX_LIMIT} sein.",
            f"limit must be a number from 1 to {MAX_LIMIT}.",
        )
    hits = search_services(query, limit=int(raw_limit))
    return JsonResponse(
        {
            "results": [
                {
                    "leika_key": hit.leika_key,
                    "name": hit.name,
                    "url": request.build_absolute_uri(reverse("catalog:service", args=[hit.slug])),
                }
                for hit in hits
            ]
        }
    )


@require_GET
def form_schema(request: HttpRequest, key: str) -> JsonResponse:
    """GET /api/v1/forms/<key>/schema.json → JSON Schema 2020-12 of the submission data of
    the newest published version (keys are the element ids, FIM ids for FIM forms)."""
    form = Form.objects.filter(key=key[:64]).first()
    version = published_version(form=form) if form else None
    if version is None:
        return _error(
            404,
            "Kein veröffentlichtes Formular mit dieser Kennung.",
            "No published form with this key.",
        )
    schema, not_expressed = json_schema(version_definition(version=version))
    schema["x-rathaus-version"] = version.number
    schema["x-rathaus-not-expressed"] = [
        {"id": item.id, "reason": item.reason} for item in not_expressed
    ]
    return JsonResponse(schema, json_dumps_params={"ensure_ascii": False})
