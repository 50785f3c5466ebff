from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "rathaus.forms"
    verbose_name = "Formulare"
