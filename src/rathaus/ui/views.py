"""Pages that belong to no app: start page, statements, error pages."""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template import loader

from rathaus.catalog.selectors import topics_with_life_situations
from rathaus.config.request_size import too_large

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """Start page: search, Themenfelder with their Lebenslagen."""
    return render(request, "ui/home.html", {"topics": topics_with_life_situations()})


def accessibility(request: HttpRequest) -> HttpResponse:
    """Erklärung zur Barrierefreiheit with a feedback route."""
    return render(request, "ui/accessibility.html")


def easy_language(request: HttpRequest) -> HttpResponse:
    """Information in Leichte Sprache."""
    return render(request, "ui/easy_language.html")


def sign_language(request: HttpRequest) -> HttpResponse:
    """Where the explanation in Deutsche Gebärdensprache is."""
    return render(request, "ui/sign_language.html")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400, or 413 when the form fields alone were too large (DATA_UPLOAD_MAX_*)."""
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        return too_large(request)
    return HttpResponseBadRequest(loader.render_to_string("400.html", request=request))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 in the portal's design."""
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


# Shown when even the designed error page cannot be rendered (e.g. static files missing).
_BARE_500 = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Technischer Fehler – Rathaus Hessen</title></head><body><main>
<h1>Es tut uns leid, ein technischer Fehler ist aufgetreten</h1>
<p>Bitte versuchen Sie es später noch einmal.
Ihre bisherigen Eingaben gehen dabei nicht verloren.</p>
<p lang="en">Sorry, there is a technical problem. Please try again later.</p>
</main></body></html>"""


def server_error(request: HttpRequest) -> HttpResponse:
    """500 in the portal's design; rendered without database access, never failing itself."""
    try:
        return HttpResponseServerError(loader.render_to_string("500.html"))
    except Exception:
        logger.exception("the 500 page could not be rendered; sending the bare one")
        return HttpResponseServerError(_BARE_500)
