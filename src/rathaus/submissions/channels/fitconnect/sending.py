"""One attempt of one FIT-Connect delivery: announce once, upload, submit, read the log.

The announced submission is stored before anything is uploaded, so an attempt after a
crash continues it (uploads and the submit are idempotent at the Zustelldienst) instead
of announcing a second one. The delivery counts as handed over only when the event log
holds a `submit-submission` event whose PS512 signature the Zustelldienst's key confirms.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from joserfc.jwk import KeySet, RSAKey

from rathaus.submissions.channels.fitconnect.api import SubmissionApi, SubmissionGone
from rathaus.submissions.channels.fitconnect.crypto import (
    KeyProblem,
    UntrustedEvent,
    encrypt,
    encryption_key,
    event_verify,
)
from rathaus.submissions.channels.fitconnect.metadata import (
    MetadataProblem,
    attachment_ids,
    fachdaten,
    metadata_for,
    service_type,
)
from rathaus.submissions.channels.fitconnect.transfers import (
    transfer_of,
    transfer_save,
    transfer_submitted,
)
from rathaus.submissions.delivery.base import DeliveryRefused, DeliveryRetry, Handover, Package
from rathaus.submissions.models import FitConnectTransfer, FitConnectTransferState

logger = logging.getLogger(__name__)

EVENTS = "https://schema.fitko.de/fit-connect/events/"
SUBMITTED = EVENTS + "submit-submission"
REJECTED = EVENTS + "reject-submission"


def package_send(
    api: SubmissionApi, package: Package, *, keys: KeySet, schema_path: Path
) -> Handover:
    """Hand the package to the Zustelldienst (or continue an earlier attempt)."""
    api.authenticate()
    transfer = transfer_of(delivery_key=package.key)
    if transfer is None:
        transfer = _announce(api, package)
    if transfer.state == FitConnectTransferState.ANNOUNCED:
        try:
            # the previous attempt may have died after the submit, before noting it
            if SUBMITTED not in trusted_events(api, transfer, keys=keys)[0]:
                _upload_and_submit(api, package, transfer, schema_path=schema_path)
        except SubmissionGone:
            transfer.delete()  # expired unfinished: the next attempt announces anew
            raise
        transfer_submitted(transfer=transfer)
    return _outcome(*trusted_events(api, transfer, keys=keys), transfer=transfer)


def _announce(api: SubmissionApi, package: Package) -> FitConnectTransfer:
    try:
        service = service_type(package)
    except MetadataProblem as problem:
        raise DeliveryRefused(str(problem)) from problem
    submission_id, case_id = api.announce(service_type=service, attachments=attachment_ids(package))
    logger.info("FIT-Connect: %s angekündigt als %s", package.key, submission_id)
    return transfer_save(
        delivery_key=package.key,
        destination_id=api.config.destination_id,
        submission_id=submission_id,
        case_id=case_id,
    )


def _destination_key(api: SubmissionApi) -> tuple[RSAKey, str]:
    """The destination's encryption key and its kid, checked to be usable."""
    destination = api.destination()
    if destination.get("status", "active") != "active":
        raise DeliveryRefused(f"FIT-Connect: Zustellpunkt ist {destination.get('status')!r}.")
    kid = destination.get("encryptionKid")
    if not isinstance(kid, str) or not kid:
        raise DeliveryRetry("FIT-Connect: Zustellpunkt nennt keinen Schlüssel (encryptionKid).")
    try:
        return encryption_key(api.destination_key(kid)), kid
    except KeyProblem as problem:
        raise DeliveryRefused(f"FIT-Connect: Schlüssel des Zustellpunkts: {problem}") from problem


def _upload_and_submit(
    api: SubmissionApi, package: Package, transfer: FitConnectTransfer, *, schema_path: Path
) -> None:
    key, kid = _destination_key(api)
    data = fachdaten(package)
    try:
        metadata = metadata_for(package, data=data, schema_path=schema_path)
    except MetadataProblem as problem:
        raise DeliveryRefused(f"FIT-Connect: {problem}") from problem
    for attachment_id, attachment in zip(attachment_ids(package), package.attachments, strict=True):
        sealed = encrypt(attachment.content, key=key, kid=kid, content_type=attachment.content_type)
        api.upload(transfer.submission_id, attachment_id, sealed)
    api.submit(
        transfer.submission_id,
        metadata=encrypt(_json(metadata), key=key, kid=kid, content_type="application/json"),
        data=encrypt(data, key=key, kid=kid, content_type="application/json"),
    )
    logger.info("FIT-Connect: Einreichung %s abgeschickt", transfer.submission_id)


def _json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


def trusted_events(
    api: SubmissionApi, transfer: FitConnectTransfer, *, keys: KeySet
) -> tuple[dict[str, Any], list[str]]:
    """This submission's events whose signature is right, and why others were ignored."""
    found: dict[str, Any] = {}
    untrusted: list[str] = []
    for token in api.events(transfer.case_id):
        try:
            payload = event_verify(token, keys=keys)
        except UntrustedEvent as error:
            logger.error("FIT-Connect: SET im Vorgang %s ignoriert: %s", transfer.case_id, error)
            untrusted.append(str(error))
            continue
        if payload.get("sub") == f"submission:{transfer.submission_id}":
            found.update(payload["events"])
    return found, untrusted


def _outcome(
    events: dict[str, Any], untrusted: list[str], *, transfer: FitConnectTransfer
) -> Handover:
    if REJECTED in events:
        problems = (events[REJECTED] or {}).get("problems") or []
        reasons = "; ".join(str(p.get("detail") or p.get("title")) for p in problems[:5])
        raise DeliveryRefused(f"FIT-Connect: Einreichung zurückgewiesen: {reasons or 'ohne Grund'}")
    if SUBMITTED in events:
        return Handover(receiver_reference=str(transfer.submission_id))
    if untrusted:
        raise DeliveryRetry(
            "FIT-Connect: Ereignisse mit ungültiger Signatur nicht vertraut / untrusted "
            f"events ignored: {untrusted[0][:200]}"
        )
    raise DeliveryRetry("FIT-Connect: Zustelldienst hat die Einreichung noch nicht bestätigt.")
