from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "rathaus.submissions"
    verbose_name = "Anträge und Entwürfe"

    def ready(self) -> None:
        from rathaus.catalog.events import register_application_link
        from rathaus.submissions.selectors import application_start_url

        register_application_link(application_start_url)
