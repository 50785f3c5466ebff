"""The e-mail notice that something arrived in the Postfach: no subject, no content, no
sender beyond "your administration" — e-mail is not a safe channel for either, and the
notice is all that electronic notification needs (the decision is fetched in the Postfach).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rathaus.identity.organisations.selectors import acting_member_emails
from rathaus.identity.selectors import citizen_for_user
from rathaus.mailbox.models import Message

SUBJECT = "Neue Nachricht in Ihrem Postfach / New message in your mailbox"


def notice_send(*, message_id: uuid.UUID) -> bool:
    """Send the notice for one message, once; False if none is due (sent, no address).

    Marked as sent only after the SMTP server took it; a crash in between can send a
    second notice (at least once), never none.
    """
    message = Message.objects.filter(pk=message_id, notified_at__isnull=True).first()
    addresses = _addresses(message) if message is not None else []
    if message is None or not addresses:
        return False
    link = settings.RATHAUS_PUBLIC_URL.rstrip("/") + reverse("mailbox:inbox")
    body = render_to_string("mailbox/email/notice.txt", {"link": link})
    # an organisation's members learn nothing of each other's addresses: blind copies
    single = len(addresses) == 1
    EmailMessage(
        subject=SUBJECT, body=body, to=addresses if single else [], bcc=[] if single else addresses
    ).send(fail_silently=False)
    Message.objects.filter(pk=message.pk).update(notified_at=timezone.now())
    return True


def _addresses(message: Message) -> list[str]:
    """The person's address, or those of the members who may act for the organisation."""
    if message.recipient_organisation_id is not None:
        return acting_member_emails(organisation_id=message.recipient_organisation_id)
    citizen = citizen_for_user(user_id=message.recipient_user_id or 0)
    address = citizen.email.strip() if citizen else ""
    return [address] if address else []
