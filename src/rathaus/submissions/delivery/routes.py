"""An authority's delivery route: which channel, with which (sealed) settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from rathaus.authorities.models import Authority
from rathaus.common.crypto import open_json, seal_json
from rathaus.submissions.delivery.registry import channel_get
from rathaus.submissions.models import DeliveryRoute


@dataclass(frozen=True)
class Route:
    channel: str
    settings: dict[str, Any]


def route_of(authority: Authority | None) -> Route | None:
    """The authority's configured route, its settings opened; None means the default inbox."""
    if authority is None:
        return None
    stored = DeliveryRoute.objects.filter(authority=authority).first()
    if stored is None:
        return None
    settings = open_json(bytes(stored.sealed_settings), context=stored.sealing_context)
    return Route(channel=stored.channel, settings=settings)


def route_channel(authority: Authority | None) -> str | None:
    """The channel the authority configured, without opening its sealed settings."""
    if authority is None:
        return None
    found: str | None = (
        DeliveryRoute.objects.filter(authority=authority).values_list("channel", flat=True).first()
    )
    return found


def route_save(*, authority: Authority, channel: str, settings: dict[str, Any]) -> DeliveryRoute:
    """Set the authority's route after the channel has checked the settings."""
    found = channel_get(channel)
    if found is None:
        raise ValidationError(f"Unbekannter Übermittlungsweg: {channel}")
    cleaned = found.clean_settings(settings)
    route = DeliveryRoute(authority=authority, channel=channel)
    sealed = seal_json(cleaned, context=route.sealing_context)
    stored, _created = DeliveryRoute.objects.update_or_create(
        authority=authority, defaults={"channel": channel, "sealed_settings": sealed}
    )
    return stored
