"""Writes of drafts: start, save (sealed, atomic), delete, resume by e-mailed link, purge."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from rathaus.common.crypto import seal_json
from rathaus.common.rotation import column_rewrap
from rathaus.forms.models import FormVersion
from rathaus.submissions.attachments.services import attachments_delete
from rathaus.submissions.models import Attachment, Draft, DraftResumeToken
from rathaus.submissions.owners import Owner, token_hash

logger = logging.getLogger(__name__)

RESUME_PATH = "/formulare/fortsetzen/{token}/"
_SUBJECT = "Ihr Entwurf: Link zum Fortsetzen / Your draft: link to continue"


def _expiry(now: datetime) -> datetime:
    return now + timedelta(days=settings.RATHAUS_DRAFT_RETENTION_DAYS)


def _sealed(answers: dict[str, Any], *, draft_id: uuid.UUID) -> bytes:
    return seal_json(answers, context=Draft(id=draft_id).sealing_context)


def draft_start(
    *, form_version: FormVersion, owner: Owner, organisation_id: int | None = None
) -> Draft:
    """Open an empty draft of this form version for the owner (acting for an organisation
    when `organisation_id` is given)."""
    draft_id = uuid.uuid4()
    now = timezone.now()
    return Draft.objects.create(
        id=draft_id,
        form_version=form_version,
        sealed_answers=_sealed({}, draft_id=draft_id),
        created_at=now,
        updated_at=now,
        expires_at=_expiry(now),
        organisation_id=organisation_id,
        **owner.as_fields(),
    )


def draft_save(*, draft: Draft, answers: dict[str, Any], page: str) -> Draft:
    """Replace the draft's answers (sealed) and page in one UPDATE; extends its retention."""
    sealed = _sealed(answers, draft_id=draft.id)  # before any write: a failure changes nothing
    now = timezone.now()
    fields = {
        "sealed_answers": sealed,
        "current_page": page,
        "updated_at": now,
        "expires_at": _expiry(now),
    }
    with transaction.atomic():
        if Draft.objects.filter(pk=draft.pk).update(**fields) != 1:
            raise Draft.DoesNotExist(f"draft {draft.pk} was deleted")
    for name, value in fields.items():
        setattr(draft, name, value)
    return draft


def draft_delete(*, draft: Draft) -> None:
    """Delete the draft with its files and resume links (the person discarded it)."""
    with transaction.atomic():
        attachments_delete(attachments=Attachment.objects.filter(draft_id=draft.pk))
        Draft.objects.filter(pk=draft.pk).delete()


def draft_resume_link_send(*, draft: Draft, email: str, base_url: str) -> None:
    """E-mail a single-use link that resumes the draft; the address itself is not stored.

    Sent right away rather than by a task: a queued task would keep the address and the
    link in the database. If sending fails, the link is withdrawn and the error raised.
    """
    validate_email(email)
    token = Owner.new_anonymous_token()
    now = timezone.now()
    link = DraftResumeToken.objects.create(
        draft=draft,
        token_hash=token_hash(token),
        email_domain=email.rpartition("@")[2].lower(),
        created_at=now,
        expires_at=now + timedelta(hours=settings.RATHAUS_DRAFT_LINK_HOURS),
    )
    context = {
        "form_title": draft.form_version.form.title,
        "url": base_url.rstrip("/") + RESUME_PATH.format(token=token),
        "valid_until": timezone.localtime(link.expires_at),
        "hours": settings.RATHAUS_DRAFT_LINK_HOURS,
    }
    body = render_to_string("submissions/email/resume_link.txt", context)
    try:
        send_mail(_SUBJECT, body, None, [email], fail_silently=False)
    except Exception:
        link.delete()
        raise
    logger.info("draft resume link sent draft=%s domain=%s", draft.pk, link.email_domain)


def draft_resume(*, token: str, owner: Owner) -> Draft | None:
    """Redeem a resume link: the draft moves to ``owner``; replayed or expired links get None.

    Redeeming withdraws every other link to the same draft, so an older forwarded mail
    cannot take the draft away from its new owner.
    """
    now = timezone.now()
    with transaction.atomic():
        link = (
            DraftResumeToken.objects.select_for_update()
            .filter(token_hash=token_hash(token), used_at__isnull=True, expires_at__gt=now)
            .select_related("draft")
            .first()
        )
        if link is None or link.draft.expires_at <= now:
            return None
        # The conditional UPDATE is the real guard: two redemptions cannot both win.
        claimed = DraftResumeToken.objects.filter(pk=link.pk, used_at__isnull=True).update(
            used_at=now
        )
        if claimed != 1:
            return None
        DraftResumeToken.objects.filter(draft=link.draft, used_at__isnull=True).update(used_at=now)
        Draft.objects.filter(pk=link.draft.pk).update(**owner.as_fields())
    draft = link.draft
    for name, value in owner.as_fields().items():
        setattr(draft, name, value)
    return draft


def drafts_delete_expired(*, now: datetime | None = None) -> int:
    """Delete drafts past retention with their links, and expired links; returns drafts deleted.

    Safe to run twice and in parallel: it deletes by condition, not by a list it read before.
    """
    now = now or timezone.now()
    with transaction.atomic():
        attachments_delete(attachments=Attachment.objects.filter(draft__expires_at__lte=now))
        _, per_model = Draft.objects.filter(expires_at__lte=now).delete()
        DraftResumeToken.objects.filter(expires_at__lte=now).delete()
    deleted = per_model.get(Draft._meta.label, 0)
    logger.info("expired drafts deleted count=%s", deleted)
    return deleted


def drafts_rewrap() -> tuple[int, int]:
    """Re-wrap every draft's data key with the current master key; returns (changed, total).

    Safe to run while people are filling in forms, and safe to run twice (compare-and-set).
    """
    return column_rewrap(Draft, "sealed_answers")
