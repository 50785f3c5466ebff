from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "rathaus.submissions"
    verbose_name = "Anträge und Entwürfe"
