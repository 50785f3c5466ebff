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

from rathaus.identity.selectors import citizen_for_user
from rathaus.mailbox.models import Message

SUBJECT = "Neue Nachricht in Ihrem Postfach / New message in your mailbox"


def notice_send(*, message_id: uuid.UUID) -> bool:
    """Send the notice for one message, once; False if none is due (sent, no address).

    Marked as sent only after the SMTP server took it; a crash in between can send a
    second notice (at least once), never none.
    """
    message = Message.objects.filter(pk=message_id, notified_at__isnull=True).first()
    if message is None or message.recipient_user_id is None:
        return False
    citizen = citizen_for_user(user_id=message.recipient_user_id)
    address = citizen.email.strip() if citizen else ""
    if not address:
        return False
    link = settings.RATHAUS_PUBLIC_URL.rstrip("/") + reverse("mailbox:inbox")
    body = render_to_string("mailbox/email/notice.txt", {"link": link})
    EmailMessage(subject=SUBJECT, body=body, to=[address]).send(fail_silently=False)
    Message.objects.filter(pk=message.pk).update(notified_at=timezone.now())
    return True
