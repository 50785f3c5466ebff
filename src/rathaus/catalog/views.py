"""Citizen pages of the catalogue: search, service, Lebenslage, Themenfeld, places."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from rathaus.catalog import selectors
from rathaus.catalog.events import application_link
from rathaus.catalog.forms import PlaceForm, SearchForm
from rathaus.catalog.legal import legal_references
from rathaus.catalog.models import LifeSituation, Service, Topic
from rathaus.catalog.search.index import search_services
from rathaus.territory import selectors as places_selectors
from rathaus.territory.models import Region

RESULTS_PER_PAGE = 20
SERVICES_PER_PAGE = 50


def search(request: HttpRequest) -> HttpResponse:
    """Search results for the citizen's words."""
    form = SearchForm(request.GET or None)
    hits = []
    if form.is_valid():
        hits = search_services(form.cleaned_data["q"], limit=RESULTS_PER_PAGE)
    return render(
        request,
        "catalog/search.html",
        {
            "form": form,
            "hits": hits,
            "query": request.GET.get("q", "")[:200],
        },
        status=200,
    )


def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A service: what it is, its legal basis, and who is responsible at the chosen place."""
    service = selectors.service_by_slug(slug=slug)
    if service is None:
        raise Http404
    context: dict[str, object] = {
        "service": service,
        "legal_references": legal_references(service.legal_basis),
        "form_url": application_link(service),
    }
    context.update(_place_choice(request, service))
    return render(request, "catalog/service_detail.html", context)


def _place_choice(request: HttpRequest, service: Service) -> dict[str, object]:
    """Resolve ?ags=… directly, or ?ort=… to one municipality or a choice between several."""
    ags = request.GET.get("ags", "")
    if ags:
        municipality = places_selectors.municipality_by_ags(ags=ags[:8])
        if municipality is None:
            return {"place_form": PlaceForm(), "unknown_ags": True}
        return {
            "place_form": PlaceForm(initial={"ort": municipality.name}),
            "responsibility": selectors.responsibility_for(
                service=service, municipality=municipality
            ),
        }
    if "ort" not in request.GET:
        return {"place_form": PlaceForm()}
    form = PlaceForm(request.GET)
    if not form.is_valid():
        return {"place_form": form}
    matches = places_selectors.municipalities_for_place(query=form.cleaned_data["ort"])
    if len(matches) == 1:
        return {
            "place_form": form,
            "responsibility": selectors.responsibility_for(
                service=service, municipality=matches[0]
            ),
        }
    return {"place_form": form, "matches": matches, "no_match": not matches}


def life_situation(request: HttpRequest, slug: str) -> HttpResponse:
    """A Lebenslage with its services, grouped by OZG service."""
    situation = get_object_or_404(LifeSituation.objects.select_related("topic"), slug=slug)
    services = selectors.services_for_life_situation(situation=situation)
    return render(
        request, "catalog/life_situation.html", {"situation": situation, "services": services}
    )


def topic(request: HttpRequest, slug: str) -> HttpResponse:
    """A Themenfeld with its Lebenslagen."""
    found = get_object_or_404(Topic, slug=slug)
    situations = [t for t in selectors.topics_with_life_situations() if t.pk == found.pk]
    return render(request, "catalog/topic.html", {"topic": situations[0] if situations else found})


def places(request: HttpRequest) -> HttpResponse:
    """Find a municipality by postcode or name; one match goes straight to its page."""
    form = PlaceForm(request.GET if "ort" in request.GET else None)
    matches: list[Region] = []
    if form.is_valid():
        matches = places_selectors.municipalities_for_place(query=form.cleaned_data["ort"])
        if len(matches) == 1:
            return redirect("catalog:municipality", ags=matches[0].ags)
    counties = places_selectors.counties_with_municipalities()
    return render(
        request,
        "catalog/places.html",
        {
            "form": form,
            "matches": matches,
            "searched": form.is_bound and form.is_valid(),
            "counties": counties,
        },
    )


def municipality(request: HttpRequest, ags: str) -> HttpResponse:
    """All services for one municipality, with who is responsible and what is online."""
    place = places_selectors.municipality_by_ags(ags=ags)
    if place is None:
        raise Http404
    topics = Topic.objects.order_by("name")
    chosen = topics.filter(slug=request.GET.get("thema", "")[:120]).first()
    online_only = request.GET.get("online") == "1"
    number = request.GET.get("seite")
    if online_only:
        found = selectors.online_responsibilities(municipality=place, topic=chosen)
        page: Page[Any] = Paginator(found, SERVICES_PER_PAGE).get_page(number)
        rows = list(page.object_list)
    else:
        services = selectors.services_for_topic(topic=chosen)
        page = Paginator(services, SERVICES_PER_PAGE).get_page(number)
        rows = selectors.Finder(municipality=place).resolve(list(page.object_list))
    return render(
        request,
        "catalog/municipality.html",
        {
            "place": place,
            "chain": places_selectors.region_chain(region=place)[1:],
            "topics": topics,
            "chosen": chosen,
            "online_only": online_only,
            "page": page,
            "rows": rows,
        },
    )
