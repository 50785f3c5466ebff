"""Lockout after repeated failed staff logins: django-axes, told about every kind of failure.

django-axes counts what Django's `authenticate()` reports as failed (a wrong password). The
staff login has a second step that `authenticate()` never sees, the TOTP code; the login form
reports a wrong code here, through Django's own `user_login_failed` signal, so that it counts
the same.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


def login_failure_record(*, request: HttpRequest, username: str) -> None:
    """Count a failed staff login (wrong code, no second factor) towards the lockout."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """The page a locked-out login gets instead of the login form (429 Too Many Requests)."""
    username = str((credentials or {}).get("username", ""))[:150]
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    logger.warning(
        "staff login: %r locked out after %d failures for %d minutes",
        username,
        settings.AXES_FAILURE_LIMIT,
        minutes,
    )
    context = {"minutes": minutes}
    return render(request, "authorities/lockout.html", context, status=429)


class StaffLoginHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes' database handler, for the staff site only.

    Citizens log in through BundID; their logins and logouts are neither counted nor logged
    with their address here (`AXES_ONLY_ADMIN_SITE` covers only the lockout check itself).
    """

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        if request is not None and self.is_admin_request(request):
            super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        if self.is_admin_request(request):
            super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        if request is not None and self.is_admin_request(request):
            super().user_logged_out(sender, request, user, **kwargs)
