from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "rathaus.forms"
    verbose_name = "Formulare"

    def ready(self) -> None:
        from rathaus.catalog.events import register_application_link
        from rathaus.forms.selectors import form_start_url

        register_application_link(form_start_url)
