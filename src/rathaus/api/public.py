"""The public read endpoints (no token): the citizen search and a form's JSON Schema."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router

from rathaus.api import views
from rathaus.api.schemas import LegacyError, SearchResults

router = Router(tags=["öffentlich / public"])


@router.get(
    "search",
    url_name="search",
    response={200: SearchResults, 400: LegacyError},
    summary="Search services / Leistungen suchen",
)
def search(request: HttpRequest, q: str = "", limit: str = "10") -> JsonResponse:
    """The citizen search's ranking as JSON, best first (`limit` 1–50)."""
    return views.search(request)


@router.get(
    "forms/{key}/schema.json",
    url_name="form_schema",
    response={200: dict[str, Any], 404: LegacyError},
    summary="JSON Schema of a form / JSON Schema eines Formulars",
)
def form_schema(request: HttpRequest, key: str) -> JsonResponse:
    """JSON Schema 2020-12 of the submission data of the newest published version."""
    return views.form_schema(request, key)
