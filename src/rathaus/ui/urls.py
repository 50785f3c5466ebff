from django.urls import path

from rathaus.ui import views

app_name = "ui"

urlpatterns = [
    path("", views.home, name="home"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("leichte-sprache/", views.easy_language, name="easy_language"),
    path("gebaerdensprache/", views.sign_language, name="sign_language"),
]
