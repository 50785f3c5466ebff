"""Values every page template needs."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from rathaus.mailbox.selectors import unread_count


def site(request: HttpRequest) -> dict[str, object]:
    """The portal's name and the search limit, for the base template."""
    return {
        "site_name": "Rathaus Hessen",
        "search_max_length": settings.RATHAUS_SEARCH_MAX_QUERY,
    }


def mailbox(request: HttpRequest) -> dict[str, object]:
    """The unread count for the Postfach link of a logged-in person, counted only when a
    template shows it (a callable: templates call it on first use)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    user_id = int(user.pk)
    return {"mailbox_unread": lambda: unread_count(user_id=user_id)}
