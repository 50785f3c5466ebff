"""Pages that belong to no app: start page, statements, error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from rathaus.catalog.selectors import topics_with_life_situations


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


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 in the portal's design."""
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request: HttpRequest) -> HttpResponse:
    """500 in the portal's design; rendered without database access."""
    return HttpResponseServerError(loader.render_to_string("500.html"))
