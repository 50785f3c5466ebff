"""POST the package as JSON, signed with HMAC-SHA256 over timestamp and body.

Headers: `Idempotency-Key` (the same on every attempt), `X-Rathaus-Signature:
t=<unix time>,v1=<hex>` where v1 = HMAC-SHA256(secret, "<t>.<body>"), and
`X-Rathaus-Reference`. A receiver checks the signature and the time (five minutes), and
answers 2xx only once it has stored the application; it answers 2xx again for a key it
has already stored. Anything else is retried with back-off.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import httpx
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from rathaus.submissions.delivery.base import (
    Channel,
    DeliveryRefused,
    DeliveryRetry,
    Handover,
    Package,
)

TIMEOUT = httpx.Timeout(30.0, connect=10.0)
SIGNATURE_HEADER = "X-Rathaus-Signature"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The v1 signature of a body sent at a time (also used by receivers to check)."""
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_valid(
    secret: str, header: str, body: bytes, *, now: float, window: float = 300
) -> bool:
    """Whether a signature header is right for the body and not older than the window."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > window:
        return False
    expected = signature(secret, timestamp, body)
    return hmac.compare_digest(expected, parts.get("v1", ""))


class WebhookChannel(Channel):
    key = "webhook"
    label = _("Webhook (JSON, signiert)")
    secret_settings = ("secret",)

    def clean_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        url = str(raw.get("url", ""))
        secret = str(raw.get("secret", ""))
        URLValidator(schemes=["https", "http"])(url)
        if len(secret) < 32:
            raise ValidationError(
                "Das Geheimnis muss mindestens 32 Zeichen lang sein. / "
                "The secret must be at least 32 characters long."
            )
        return {"url": url, "secret": secret}

    def deliver(self, package: Package, settings: dict[str, Any]) -> Handover:
        if not settings.get("url") or not settings.get("secret"):
            raise DeliveryRefused("Webhook ohne Adresse oder Geheimnis eingerichtet.")
        body = json.dumps(package.as_json(), ensure_ascii=False, sort_keys=True).encode()
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": str(package.key),
            "X-Rathaus-Reference": package.reference,
            SIGNATURE_HEADER: f"t={timestamp},v1={signature(settings['secret'], timestamp, body)}",
        }
        response = httpx.post(settings["url"], content=body, headers=headers, timeout=TIMEOUT)
        if not response.is_success:
            raise DeliveryRetry(f"HTTP {response.status_code}")
        return Handover(receiver_reference=response.headers.get("Location", "")[:200])
