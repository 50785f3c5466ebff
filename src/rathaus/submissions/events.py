"""Hooks through which higher apps add to what the submissions app shows.

The submissions app knows no Postfach; the mailbox app registers a provider here that
answers "where does this person see every step of this application?", and "Meine Anträge"
links there (ARCHITECTURE.md: an explicit registry, never a hidden signal).
"""

from __future__ import annotations

from collections.abc import Callable

from rathaus.submissions.models import Submission

StatusLinkProvider = Callable[[Submission], str | None]
_status_links: list[StatusLinkProvider] = []


def register_status_link(provider: StatusLinkProvider) -> None:
    """Add a provider (once; registering the same one again does nothing)."""
    if provider not in _status_links:
        _status_links.append(provider)


def status_link(submission: Submission) -> str | None:
    """Where the steps of this submission are shown, if a provider knows a place."""
    for provider in _status_links:
        link = provider(submission)
        if link:
            return link
    return None
