"""Reads of the register of authorities."""

from __future__ import annotations

from django.db.models import Q

from rathaus.authorities.models import Authority, AuthorityKind
from rathaus.territory.models import Region


def authorities_for_regions(*, regions: list[Region]) -> list[Authority]:
    """Authorities seated in any of these regions, plus the federal ones."""
    query = Q(region__in=regions) | Q(kind=AuthorityKind.BUNDESBEHOERDE)
    return list(Authority.objects.filter(query).select_related("region").order_by("pk"))
