"""The mailbox app's models, one module per concern; imported here for Django and callers."""

from rathaus.mailbox.models.messages import (
    Answer,
    FetchReceipt,
    MailboxFile,
    Message,
    MessageKind,
)
from rathaus.mailbox.models.status import StatusChange, Step, StepSequence

__all__ = [
    "Answer",
    "FetchReceipt",
    "MailboxFile",
    "Message",
    "MessageKind",
    "StatusChange",
    "Step",
    "StepSequence",
]
