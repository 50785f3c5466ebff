"""Running Rathaus under gunicorn, the production WSGI server."""

from __future__ import annotations

import logging
from typing import Any

from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication

logger = logging.getLogger(__name__)


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


def _warm_up(worker: Any) -> None:
    """Build the search index before the worker takes requests, not at the first search."""
    from rathaus.catalog.search.index import engine

    try:
        engine()
    except Exception:  # an empty or unmigrated database must not stop the server
        logger.exception("search index warm-up failed; it will be built at the first search")


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
            "post_worker_init": _warm_up,
        }
    ).run()
