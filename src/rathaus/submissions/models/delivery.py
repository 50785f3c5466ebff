"""Delivery to the authority: routes, the outbox, the Rathaus inbox, FIT-Connect transfers."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.submissions.models.applications import Submission


class DeliveryRoute(models.Model):
    """How an authority wants its applications: a channel and that channel's settings."""

    authority = models.OneToOneField(
        "authorities.Authority",
        verbose_name=_("Behörde"),
        on_delete=models.CASCADE,
        related_name="delivery_route",
    )
    channel = models.CharField(_("Übermittlungsweg"), max_length=40)
    # The channel's settings (addresses, keys, secrets), sealed like the applications.
    sealed_settings = models.BinaryField(_("verschlüsselte Einstellungen"))
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Übermittlungsweg")
        verbose_name_plural = _("Übermittlungswege")

    def __str__(self) -> str:
        return f"{self.authority_id}: {self.channel}"

    @property
    def sealing_context(self) -> str:
        return f"rathaus.submissions.route:{self.authority_id}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("wird übermittelt")
    DELIVERED = "delivered", _("zugestellt")
    FAILED = "failed", _("fehlgeschlagen")


class Delivery(models.Model):
    """An outbox row: one submission to hand over through one channel, retried until done.

    It is written in the same transaction as the submission. Its id is the idempotency key
    the receiver sees on every attempt, so a repeated attempt is recognised there.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("Antrag"),
        on_delete=models.CASCADE,
        related_name="deliveries",
        db_index=False,  # delivery_once (submission, channel) serves look-ups by submission
    )
    channel = models.CharField(_("Übermittlungsweg"), max_length=40)
    state = models.CharField(
        _("Zustand"),
        max_length=10,
        choices=DeliveryState.choices,
        default=DeliveryState.PENDING,
        # no index of its own: delivery_due (state, next_attempt_at) serves look-ups by state
    )
    attempts = models.PositiveIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), default=timezone.now)
    # Set while a worker holds the delivery; an expired lease means the worker died.
    lease_until = models.DateTimeField(_("reserviert bis"), null=True, blank=True)
    swept_at = models.DateTimeField(_("zuletzt neu eingeplant"), null=True, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    receiver_reference = models.CharField(_("Kennung beim Empfänger"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    delivered_at = models.DateTimeField(_("zugestellt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Übermittlung")
        verbose_name_plural = _("Übermittlungen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "channel"], name="delivery_once")
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.submission_id} → {self.channel}"


class InboxItem(models.Model):
    """An application in the authority's own Rathaus inbox (the built-in channel)."""

    authority = models.ForeignKey(
        "authorities.Authority",
        verbose_name=_("Behörde"),
        on_delete=models.PROTECT,
        # none: no authority was found responsible; the Land's clearing office sorts it
        null=True,
        blank=True,
        related_name="inbox_items",
    )
    submission = models.OneToOneField(
        Submission, verbose_name=_("Antrag"), on_delete=models.CASCADE, related_name="inbox_item"
    )
    delivery_key = models.UUIDField(_("Idempotenzschlüssel"), unique=True)
    received_at = models.DateTimeField(_("eingegangen"), default=timezone.now)

    class Meta:
        verbose_name = _("Posteingang der Behörde")
        verbose_name_plural = _("Posteingang der Behörden")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.authority_id}: {self.submission_id}"


class FitConnectTransferState(models.TextChoices):
    ANNOUNCED = "announced", _("angekündigt")
    SUBMITTED = "submitted", _("abgeschickt")


class FitConnectTransfer(models.Model):
    """The FIT-Connect submission created for one delivery, so a retry continues it.

    Written right after the Zustelldienst announced the submission and before anything is
    uploaded: a worker that crashes later finds it and does not announce a second one.
    """

    delivery_key = models.UUIDField(_("Idempotenzschlüssel"), unique=True)
    destination_id = models.UUIDField(_("FIT-Connect-Zustellpunkt"))
    submission_id = models.UUIDField(_("FIT-Connect-Einreichung"), unique=True)
    case_id = models.UUIDField(_("FIT-Connect-Vorgang"))
    state = models.CharField(
        _("Zustand"),
        max_length=10,
        choices=FitConnectTransferState.choices,
        default=FitConnectTransferState.ANNOUNCED,
    )
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)

    class Meta:
        verbose_name = _("FIT-Connect-Einreichung")
        verbose_name_plural = _("FIT-Connect-Einreichungen")

    def __str__(self) -> str:
        return f"{self.delivery_key} → {self.submission_id}"
