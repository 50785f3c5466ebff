"""Running Rathaus under gunicorn, the production WSGI server."""

from __future__ import annotations

from typing import Any

from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication


class RathausServer(BaseApplication):  # type: ignore[misc]
    """gunicorn embedded, so `rathaus serve` needs no separate config file."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return get_wsgi_application()


def serve(*, host: str, port: int, workers: int, threads: int = 4) -> None:
    """Serve the portal until interrupted."""
    RathausServer(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "timeout": 60,
            "graceful_timeout": 10,
        }
    ).run()
