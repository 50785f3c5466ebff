"""Hooks through which higher apps add to what the submissions app shows.

The submissions app knows no Postfach; the mailbox app registers a provider here that
answers "where does this person see every step of this application?", and "Meine Anträge"
links there (ARCHITECTURE.md: an explicit registry, never a hidden signal).
"""

from __future__ import annotations

import uuid
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


SubmittedHandler = Callable[[Submission], None]
_submitted: list[SubmittedHandler] = []


def register_submitted(handler: SubmittedHandler) -> None:
    """Add a handler told of every new submission (once; the same one again does nothing).

    Handlers run inside the transaction that stores the submission: what they write commits
    with it or not at all (the back office opens its case here).
    """
    if handler not in _submitted:
        _submitted.append(handler)


def submitted(submission: Submission) -> None:
    """Tell every registered handler that this submission was just stored."""
    for handler in _submitted:
        handler(submission)


AnonymisedHandler = Callable[[uuid.UUID], None]
_anonymised: list[AnonymisedHandler] = []


def register_anonymised(handler: AnonymisedHandler) -> None:
    """Add a handler told when a submission's personal data is removed (retention).

    Handlers run inside the anonymising transaction and remove what they keep about it.
    """
    if handler not in _anonymised:
        _anonymised.append(handler)


def anonymised(submission_id: uuid.UUID) -> None:
    """Tell every registered handler that this submission's personal data was removed."""
    for handler in _anonymised:
        handler(submission_id)
