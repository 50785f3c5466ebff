"""A request id on every log line and response, so one error can be traced end to end."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_current: ContextVar[str] = ContextVar("request_id", default="-")
_VALID = re.compile(r"[A-Za-z0-9._-]{8,64}")
HEADER = "X-Request-ID"


class RequestIdMiddleware:
    """Takes a well-formed X-Request-ID from the proxy or makes one; echoes it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(HEADER, "")
        request_id = offered if _VALID.fullmatch(offered) else uuid.uuid4().hex
        # Not reset afterwards: Django logs 4xx responses after the middleware chain has
        # returned, and those lines must carry this id too. The next request sets its own.
        _current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record that lacks one ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _current.get()
        return True


def install_record_factory() -> None:
    """Stamp the request id on every record at creation, whichever handler emits it."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "adds_request_id", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = _current.get()
        return record

    factory.adds_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
