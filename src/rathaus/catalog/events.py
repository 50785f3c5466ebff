"""Hooks through which higher apps tell the catalogue what it cannot know itself.

The catalogue knows no forms; the forms app registers a provider here that answers
"is there a built-in online application for this service, and where?".
"""

from __future__ import annotations

from collections.abc import Callable

from rathaus.catalog.models import Service

ApplicationLinkProvider = Callable[[Service], str | None]
_application_links: list[ApplicationLinkProvider] = []


def register_application_link(provider: ApplicationLinkProvider) -> None:
    """Add a provider (once; registering the same one again does nothing)."""
    if provider not in _application_links:
        _application_links.append(provider)


def application_link(service: Service) -> str | None:
    """The address of a built-in online application for the service, if a provider has one."""
    for provider in _application_links:
        link = provider(service)
        if link:
            return link
    return None
