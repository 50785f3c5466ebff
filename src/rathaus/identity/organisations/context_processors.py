"""The organisation the person acts for, for the site header on every page."""

from __future__ import annotations

from django.http import HttpRequest

from rathaus.identity.organisations.selectors import acting_organisation


def acting(request: HttpRequest) -> dict[str, object]:
    """`acting_organisation` (or None); no query unless the session names one."""
    # pages made before the session middleware ran (the 413 page) have no session
    if not hasattr(request, "session"):
        return {"acting_organisation": None}
    return {"acting_organisation": acting_organisation(request)}
