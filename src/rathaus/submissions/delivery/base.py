"""What every delivery channel is: a class with a key, its settings, and `deliver`.

A channel receives a `Package` (the submission, decrypted, with its idempotency key) and
either returns a `Handover` or raises. `DeliveryRetry` (and any other error) means "try
again later"; `DeliveryRefused` means retrying cannot help (the settings are wrong), so
the delivery is marked failed at once and waits for an administrator.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.functional import Promise

StrOrPromise = str | Promise


class DeliveryRetry(Exception):
    """The receiver is unavailable or answered with an error: try again later."""


class DeliveryRefused(Exception):
    """Retrying cannot help (missing or wrong settings): mark failed, an admin must act."""


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    sha512: str
    content: bytes


@dataclass(frozen=True)
class Package:
    """Everything a channel hands over; `key` is the same on every attempt."""

    key: uuid.UUID
    submission_id: uuid.UUID
    reference: str
    form_key: str
    form_version: int
    form_title: str
    fim_id: str
    leika_id: str
    submitted_at: datetime
    authority_name: str
    authority_email: str
    municipality_ags: str
    data: dict[str, Any]
    attachments: list[Attachment] = field(default_factory=list)
    fim_version: str = ""  # the FIM Stammdatenschema's version, e.g. "1.0.0"
    # set when sent for an organisation: name, kind, register entry, tax number, AGS
    organisation: dict[str, str] | None = None

    def as_json(self) -> dict[str, Any]:
        """The package as the JSON document webhooks and e-mails carry (no attachment bytes)."""
        return {
            "idempotency_key": str(self.key),
            "submission": {
                "id": str(self.submission_id),
                "reference": self.reference,
                "submitted_at": self.submitted_at.isoformat(),
                "form": {
                    "key": self.form_key,
                    "version": self.form_version,
                    "title": self.form_title,
                    "fim_id": self.fim_id,
                },
                "leika_id": self.leika_id,
                "authority": self.authority_name,
                "municipality_ags": self.municipality_ags,
                **({"organisation": self.organisation} if self.organisation else {}),
            },
            "data": self.data,
            "attachments": [
                {"name": a.name, "content_type": a.content_type, "sha512": a.sha512}
                for a in self.attachments
            ],
        }


@dataclass(frozen=True)
class Handover:
    """The receiver's confirmation: its own id for the case, if it gave one."""

    receiver_reference: str = ""


class Channel(ABC):
    """A way to hand applications to an authority. Subclass, set `key`, register it."""

    key: ClassVar[str]
    label: ClassVar[StrOrPromise]
    # settings whose values are shown masked in the admin and kept when left masked
    secret_settings: ClassVar[tuple[str, ...]] = ()

    def clean_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Check the settings an administrator entered; raise ValidationError with reasons."""
        if raw:
            raise ValidationError("Dieser Übermittlungsweg hat keine Einstellungen.")
        return {}

    @abstractmethod
    def deliver(self, package: Package, settings: dict[str, Any]) -> Handover:
        """Hand the package over; return only once the receiver has confirmed it."""
