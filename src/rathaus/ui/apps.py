from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "rathaus.ui"
    verbose_name = "Oberfläche"
