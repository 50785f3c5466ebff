"""Top-level URL map: citizen pages, the API and the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from rathaus.api.ninja_api import api

handler400 = "rathaus.ui.views.bad_request"
handler404 = "rathaus.ui.views.page_not_found"
handler500 = "rathaus.ui.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("verwaltung/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("formulare/", include("rathaus.submissions.urls")),
    path("postfach/", include("rathaus.mailbox.urls")),
    path("sachbearbeitung/", include("rathaus.casework.urls")),
    path("fit-connect/", include("rathaus.submissions.channels.fitconnect.urls")),
    path("", include("rathaus.identity.urls")),
    path("", include("rathaus.ui.urls")),
    path("", include("rathaus.catalog.urls")),
]

if settings.RATHAUS_BENCHMARK_VIEWS:  # the benchmark's baseline; off unless asked for
    from rathaus.config.benchmark_views import insert_one_row, read_one_row

    urlpatterns.append(path("_benchmark/insert/", insert_one_row))
    urlpatterns.append(path("_benchmark/read/<uuid:case_id>/", read_one_row))
