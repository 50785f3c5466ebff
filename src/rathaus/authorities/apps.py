from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "rathaus.authorities"
    verbose_name = "Behörden"
