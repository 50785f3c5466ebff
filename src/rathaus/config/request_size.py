"""Requests larger than Rathaus accepts get a clear 413 page, before their body is read."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme


def too_large(request: HttpRequest) -> HttpResponse:
    """The 413 page: what the limit is, that nothing was stored, and the way back (for the
    API a problem+json body)."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        from rathaus.api.problems import problem

        response = problem(request, 413, "too_large")
        response["Connection"] = "close"
        return response
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    context = {"limit_mb": settings.RATHAUS_REQUEST_MAX_MB, "back": back}
    response = HttpResponse(loader.render_to_string("413.html", context, request), status=413)
    response["Connection"] = "close"  # the unread body must not be taken as a next request
    return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body exceeds RATHAUS_REQUEST_MAX_MB (413)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.RATHAUS_REQUEST_MAX_MB * 1024 * 1024:
            return too_large(request)
        return self.get_response(request)
