from django.urls import path

from rathaus.catalog import views

app_name = "catalog"

urlpatterns = [
    path("suche/", views.search, name="search"),
    path("leistungen/<slug:slug>/", views.service_detail, name="service"),
    path("lebenslagen/<slug:slug>/", views.life_situation, name="life_situation"),
    path("themen/<slug:slug>/", views.topic, name="topic"),
    path("orte/", views.places, name="places"),
    path("orte/<str:ags>/", views.municipality, name="municipality"),
]
