from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "rathaus.territory"
    verbose_name = "Gebiete"
