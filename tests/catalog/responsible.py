"""Who the Zuständigkeitsfinder names for a service (by LeiKa key) at a municipality (by AGS)."""

from __future__ import annotations

from rathaus.catalog.models import Service
from rathaus.catalog.selectors import responsibility_for
from rathaus.territory.models import Region


def responsible(leika_key: str, ags: str) -> str:
    """The responsible authority's name, or "" when there is none."""
    service = Service.objects.select_related("ozg_service__life_situation__topic").get(
        leika_key=leika_key
    )
    result = responsibility_for(service=service, municipality=Region.objects.get(ags=ags))
    return result.authority.name if result.authority else ""
