"""Values every page template needs."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """The portal's name and the search limit, for the base template."""
    return {
        "site_name": "Rathaus Hessen",
        "search_max_length": settings.RATHAUS_SEARCH_MAX_QUERY,
    }
