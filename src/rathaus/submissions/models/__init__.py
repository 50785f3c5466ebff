"""The submissions app's models, one module per concern; imported here for Django and callers."""

from rathaus.submissions.models.applications import (
    ReferenceCounter,
    Submission,
    SubmissionStatus,
)
from rathaus.submissions.models.attachments import Attachment, ScanResult
from rathaus.submissions.models.delivery import (
    Delivery,
    DeliveryRoute,
    DeliveryState,
    FitConnectTransfer,
    FitConnectTransferState,
    InboxItem,
)
from rathaus.submissions.models.drafts import Draft, DraftResumeToken
from rathaus.submissions.models.retention import (
    DestructionItem,
    DestructionList,
    DestructionListState,
)

__all__ = [
    "Attachment",
    "Delivery",
    "DeliveryRoute",
    "DeliveryState",
    "DestructionItem",
    "DestructionList",
    "DestructionListState",
    "Draft",
    "DraftResumeToken",
    "FitConnectTransfer",
    "FitConnectTransferState",
    "InboxItem",
    "ReferenceCounter",
    "ScanResult",
    "Submission",
    "SubmissionStatus",
]
