"""The remembered FIT-Connect submission of each delivery (services and selectors)."""

from __future__ import annotations

import uuid

from rathaus.submissions.models import FitConnectTransfer, FitConnectTransferState


def transfer_of(*, delivery_key: uuid.UUID) -> FitConnectTransfer | None:
    """The transfer an earlier attempt of this delivery started, if any."""
    return FitConnectTransfer.objects.filter(delivery_key=delivery_key).first()


def transfer_save(
    *,
    delivery_key: uuid.UUID,
    destination_id: uuid.UUID,
    submission_id: uuid.UUID,
    case_id: uuid.UUID,
) -> FitConnectTransfer:
    """Remember an announced submission before anything is uploaded for it."""
    return FitConnectTransfer.objects.create(
        delivery_key=delivery_key,
        destination_id=destination_id,
        submission_id=submission_id,
        case_id=case_id,
    )


def transfer_submitted(*, transfer: FitConnectTransfer) -> None:
    """Note that the submission was sent complete; later attempts only read the event log."""
    transfer.state = FitConnectTransferState.SUBMITTED
    transfer.save(update_fields=["state"])
