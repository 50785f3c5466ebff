from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "rathaus.casework"
    verbose_name = "Sachbearbeitung"
