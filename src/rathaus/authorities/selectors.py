"""Reads of the register of authorities."""

from __future__ import annotations

from rathaus.authorities.models import Authority, AuthorityKind
from rathaus.territory.models import Region


def authorities_for_regions(*, regions: list[Region]) -> list[Authority]:
    """Authorities seated in any of these regions, plus the federal ones."""
    found = list(Authority.objects.filter(region__in=regions).select_related("region"))
    found += list(Authority.objects.filter(kind=AuthorityKind.BUNDESBEHOERDE))
    return found
