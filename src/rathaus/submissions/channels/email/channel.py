"""Send the application to the office's mailbox: a text summary and the data as JSON.

The Message-ID is derived from the delivery's idempotency key, so a mail system that
keeps Message-IDs recognises a copy sent again after a crash. E-mail is only as private
as the mail servers in between; authorities should prefer the inbox or FIT-Connect.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from rathaus.submissions.delivery.base import Channel, DeliveryRefused, Handover, Package


def message_id(package: Package) -> str:
    return f"<{package.key}@rathaus.delivery>"


class EmailChannel(Channel):
    key = "email"
    label = _("E-Mail an die Behörde")

    def clean_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        address = str(raw.get("address", "")).strip()
        if address:
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(
                    "Keine gültige E-Mail-Adresse. / Not a valid e-mail address."
                ) from None
        return {"address": address}

    def deliver(self, package: Package, settings: dict[str, Any]) -> Handover:
        address = settings.get("address") or package.authority_email
        if not address:
            raise DeliveryRefused("Keine E-Mail-Adresse für die Behörde eingetragen.")
        message = EmailMessage(
            subject=f"Neuer Antrag {package.reference}: {package.form_title}",
            body=render_to_string("submissions/email/delivery.txt", {"package": package}),
            to=[address],
            headers={"Message-ID": message_id(package), "X-Rathaus-Reference": package.reference},
        )
        document = json.dumps(package.as_json(), ensure_ascii=False, indent=2)
        message.attach(f"Antrag-{package.reference}.json", document.encode(), "application/json")
        message.send(fail_silently=False)
        return Handover(receiver_reference=message_id(package))
