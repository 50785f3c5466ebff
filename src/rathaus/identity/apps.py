from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "rathaus.identity"
    verbose_name = "Anmeldung und Identität"
