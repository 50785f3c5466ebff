from django.apps import AppConfig


class CommandsConfig(AppConfig):
    """The `rathaus` command line: management commands that call the apps' services."""

    name = "rathaus.commands"
    verbose_name = "Kommandozeile"
