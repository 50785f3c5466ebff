"""The public read API (version 1)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from rathaus.catalog.search.index import search_services

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
