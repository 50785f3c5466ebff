from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "rathaus.ui"
    verbose_name = "Oberfläche"

    def ready(self) -> None:
        from rathaus.config.request_id import install_record_factory

        install_record_factory()
