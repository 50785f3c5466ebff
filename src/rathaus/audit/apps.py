from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rathaus.audit"
    verbose_name = "Protokoll"
