from django.urls import path

from rathaus.forms import views

app_name = "forms"

urlpatterns = [
    path("sitzung/verlaengern/", views.session_extend, name="session_extend"),
    path("<str:key>/", views.start, name="start"),
    path("<str:key>/seite/<str:page_id>/", views.page, name="page"),
    path("<str:key>/pruefen/", views.check, name="check"),
]
