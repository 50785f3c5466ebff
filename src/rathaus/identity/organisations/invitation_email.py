"""The invitation e-mail: built from the stored invitation, its link rebuilt from the secret."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from rathaus.identity.organisations.models import Invitation, Role
from rathaus.identity.organisations.selectors import person_name
from rathaus.identity.organisations.tokens import invitation_token, token_hash

logger = logging.getLogger(__name__)

SUBJECT = "Einladung: {name} / Invitation: {name}"


def invitation_email_send(*, invitation_id: uuid.UUID) -> bool:
    """E-mail the invitation link once; False when none is due (sent, accepted, revoked,
    expired or gone).

    Marked as sent only after the SMTP server took it; a crash in between can send a
    second copy with the same link (at least once), never none.
    """
    invitation = (
        Invitation.objects.filter(
            pk=invitation_id,
            sent_at__isnull=True,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("organisation", "invited_by", "invited_by__citizen")
        .first()
    )
    if invitation is None:
        return False
    token = invitation_token(invitation_id=invitation.pk)
    if token_hash(token) != invitation.token_hash:
        # SECRET_KEY changed since the invitation was made; no link has gone out yet
        logger.warning("invitation %s: secret changed before sending, new link", invitation.pk)
        Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash(token))
    message = EmailMessage(
        subject=SUBJECT.format(name=invitation.organisation.name),
        body=render_to_string(
            "identity/organisations/email/invitation.txt", _context(invitation, token)
        ),
        to=[invitation.email],
    )
    message.send(fail_silently=False)
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    logger.info("invitation %s sent", invitation.pk)
    return True


def _context(invitation: Invitation, token: str) -> dict[str, object]:
    path = reverse("identity:organisations:accept", kwargs={"token": token})
    role = Role(invitation.role)
    labels = {}
    for language in ("de", "en"):
        with translation.override(language):
            labels[language] = str(role.label)
    return {
        "organisation": invitation.organisation.name,
        "inviter": person_name(invitation.invited_by) if invitation.invited_by else "",
        "role_de": labels["de"],
        "role_en": labels["en"],
        "url": settings.RATHAUS_PUBLIC_URL.rstrip("/") + path,
        "valid_until": timezone.localtime(invitation.expires_at),
        "days": settings.RATHAUS_INVITATION_DAYS,
    }
