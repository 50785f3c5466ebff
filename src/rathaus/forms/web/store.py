"""Where the answers of a form in progress live between pages (the session, for now)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

SESSION_KEY = "formulare"


def answers_load(request: HttpRequest, version_id: int) -> dict[str, Any]:
    """The answers given so far for this form version in this browser session."""
    stored = request.session.get(SESSION_KEY, {}).get(str(version_id), {})
    return dict(stored) if isinstance(stored, dict) else {}


def answers_save(request: HttpRequest, version_id: int, answers: dict[str, Any]) -> None:
    """Keep the answers for the next page."""
    everything = dict(request.session.get(SESSION_KEY, {}))
    everything[str(version_id)] = answers
    request.session[SESSION_KEY] = everything
