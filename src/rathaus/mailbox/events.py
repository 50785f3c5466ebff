"""Hooks through which higher apps learn what happened in the Postfach.

The mailbox app knows no back office; the casework app registers a handler here and brings a
person's answer to a question back into its case (ARCHITECTURE.md: an explicit registry, never
a hidden signal).
"""

from __future__ import annotations

from collections.abc import Callable

from rathaus.mailbox.models import Answer, Message

AnsweredHandler = Callable[[Message, Answer], None]
_answered: list[AnsweredHandler] = []


def register_answered(handler: AnsweredHandler) -> None:
    """Add a handler told of every answer to a question (once; the same one again does nothing).

    Handlers run inside the transaction that stores the answer: what they write commits with
    it or not at all.
    """
    if handler not in _answered:
        _answered.append(handler)


def answered(question: Message, answer: Answer) -> None:
    """Tell every registered handler that this question was just answered."""
    for handler in _answered:
        handler(question, answer)
