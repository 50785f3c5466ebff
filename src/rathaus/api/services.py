"""Every write of the API: clients and tokens, and what a Fachverfahren does to applications."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from rathaus.api.models import Acknowledgement, ApiClient, Scope
from rathaus.authorities.models import Authority
from rathaus.mailbox.files import IncomingFile
from rathaus.mailbox.models import Message
from rathaus.mailbox.refusals import refused
from rathaus.mailbox.services import decision_send, submission_step_set
from rathaus.mailbox.status import step_keys
from rathaus.submissions.models import Submission, SubmissionStatus
from rathaus.submissions.submitting import submission_status_set

logger = logging.getLogger(__name__)
TOKEN_PREFIX = "rth_"  # noqa: S105 - marks our tokens (secret scanners), no secret


class ApiConflict(Exception):
    """The request contradicts the application's state (a second decision); `reason` says
    which."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_client_create(
    *, authority: Authority, name: str, scopes: Sequence[str]
) -> tuple[ApiClient, str]:
    """A new client with a fresh random token; the token is returned once and never stored."""
    unknown = set(scopes) - set(Scope.values)
    if unknown or not scopes:
        raise ValueError(f"unknown scopes: {sorted(unknown)}" if unknown else "no scopes")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        authority=authority,
        name=name.strip()[:100],
        scopes=sorted(set(scopes)),
        token_prefix=token[:12],
        token_hash=token_hash(token),
    )
    logger.info("api: client %s created for authority %s", client.pk, authority.pk)
    return client, token


def api_client_revoke(*, client: ApiClient) -> ApiClient:
    """Revoke a client's token at once; revoking twice keeps the first time."""
    ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    client.refresh_from_db()
    logger.info("api: client %s revoked", client.pk)
    return client


def api_client_used(*, client: ApiClient) -> None:
    """Note the time of a client's request (at most once a minute, to spare the database)."""
    now = timezone.now()
    if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now


def submission_acknowledge(*, client: ApiClient, submission: Submission) -> Acknowledgement:
    """The Fachverfahren took the application over: record it once, move it to processing."""
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        ack, created = Acknowledgement.objects.get_or_create(
            submission=locked, defaults={"client": client}
        )
        if created and locked.status in (SubmissionStatus.RECEIVED, SubmissionStatus.DELIVERED):
            _status_move(locked, SubmissionStatus.PROCESSING)
    submission.refresh_from_db()
    if created:
        logger.info("api: client %s acknowledged submission %s", client.pk, submission.pk)
    return ack


def submission_status_update(
    *, client: ApiClient, submission: Submission, status: str, step: str | None = None
) -> Submission:
    """Set the status (processing, closed) and optionally a step the citizen sees.

    Raises MailboxRefused("step") for a step the service's sequence does not have, before
    anything is changed.
    """
    if step is not None and step not in step_keys(submission=submission):
        raise refused("step")
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != status:
            _status_move(locked, status)
        if step is not None:
            submission_step_set(submission=locked, step_key=step)
    submission.refresh_from_db()
    logger.info("api: client %s set submission %s to %s", client.pk, submission.pk, status)
    return submission


def _status_move(submission: Submission, status: str) -> None:
    submission_status_set(submission=submission, status=status)
    if status == SubmissionStatus.PROCESSING:
        _step_record(submission, "processing")


def _step_record(submission: Submission, step: str) -> None:
    """Record a step in the status monitor where the service's sequence has it."""
    if step in step_keys(submission=submission):
        submission_step_set(submission=submission, step_key=step)


def submission_decide(
    *, client: ApiClient, submission: Submission, subject: str, body: str, pdf: IncomingFile
) -> Message:
    """Put the decision into the applicant's Postfach and close the application.

    Raises ApiConflict("closed") when the application is already closed, ApiConflict
    ("no_postfach") when it was sent without an account; MailboxRefused / AttachmentRefused
    for what the Postfach refuses. Nothing is changed in any of these cases.
    """
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status == SubmissionStatus.CLOSED:
            raise ApiConflict("closed")
        recipient = locked.organisation or locked.owner_user
        if recipient is None:
            raise ApiConflict("no_postfach")
        message = decision_send(
            recipient=recipient,
            authority=client.authority,
            subject=subject,
            body=body,
            pdf=pdf,
            submission=locked,
        )
        submission_status_set(submission=locked, status=SubmissionStatus.CLOSED)
    submission.refresh_from_db()
    logger.info("api: client %s sent decision %s on %s", client.pk, message.pk, submission.pk)
    return message
