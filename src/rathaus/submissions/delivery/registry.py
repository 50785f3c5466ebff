"""The channels this installation offers: `RATHAUS_DELIVERY_CHANNELS` names their classes."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from rathaus.submissions.delivery.base import Channel

DEFAULT_CHANNEL = "inbox"


@cache
def channels() -> dict[str, Channel]:
    """Every configured channel by its key (loaded once per process)."""
    found: dict[str, Channel] = {}
    for path in settings.RATHAUS_DELIVERY_CHANNELS:
        channel_class = import_string(path)
        if not issubclass(channel_class, Channel):
            raise TypeError(f"{path} ist kein Übermittlungsweg (Channel).")
        found[channel_class.key] = channel_class()
    return found


def channel_get(key: str) -> Channel | None:
    """The channel with this key, or None when this installation does not offer it."""
    return channels().get(key)


def channel_choices() -> list[tuple[str, str]]:
    return [(key, str(channel.label)) for key, channel in channels().items()]
