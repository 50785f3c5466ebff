"""Top-level URL map: citizen pages, the API and the admin."""

from django.contrib import admin
from django.urls import include, path

handler404 = "rathaus.ui.views.page_not_found"
handler500 = "rathaus.ui.views.server_error"

urlpatterns = [
    path("verwaltung/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("rathaus.api.urls")),
    path("formulare/", include("rathaus.submissions.urls")),
    path("fit-connect/", include("rathaus.submissions.channels.fitconnect.urls")),
    path("", include("rathaus.ui.urls")),
    path("", include("rathaus.catalog.urls")),
]
