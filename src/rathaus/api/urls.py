from django.urls import path

from rathaus.api import views

app_name = "api"

urlpatterns = [
    path("search", views.search, name="search"),
    path("forms/<str:key>/schema.json", views.form_schema, name="form_schema"),
]
