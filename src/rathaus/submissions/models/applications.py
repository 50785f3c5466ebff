"""Sent applications: sealed Fachdaten, reference numbers, the state a citizen sees."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.forms.models import FormVersion


class SubmissionStatus(models.TextChoices):
    """The steps a citizen sees in plain words."""

    RECEIVED = "received", _("eingegangen")
    DELIVERED = "delivered", _("an die Behörde übermittelt")
    PROCESSING = "processing", _("in Bearbeitung")
    CLOSED = "closed", _("abgeschlossen")


class ReferenceCounter(models.Model):
    """The last reference number handed out per authority and year (locked while counting)."""

    scope = models.CharField(_("Bereich"), max_length=64)
    year = models.PositiveSmallIntegerField(_("Jahr"))
    last = models.PositiveIntegerField(_("zuletzt vergeben"), default=0)

    class Meta:
        verbose_name = _("Aktenzeichen-Zähler")
        verbose_name_plural = _("Aktenzeichen-Zähler")
        constraints = [
            models.UniqueConstraint(fields=["scope", "year"], name="reference_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.year}: {self.last}"


class Submission(models.Model):
    """A sent application: its data sealed at rest, its reference number, its status."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("Aktenzeichen"), max_length=40, unique=True)
    form_version = models.ForeignKey(
        FormVersion,
        verbose_name=_("Formularversion"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    authority = models.ForeignKey(
        "authorities.Authority",
        verbose_name=_("Behörde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
    )
    municipality = models.ForeignKey(
        "territory.Region",
        verbose_name=_("Gemeinde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # One submission per draft: a double click or a resent page finds the first one.
    draft_id = models.UUIDField(_("aus Entwurf"), unique=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
    )
    owner_key = models.CharField(_("anonymer Besitzer (Hash)"), max_length=64, blank=True)
    # sent for an organisation (a business, an association, a municipality): it stays as long
    # as the submission does
    organisation = models.ForeignKey(
        "identity.Organisation",
        verbose_name=_("für die Organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
    )
    sealed_data = models.BinaryField(_("verschlüsselte Fachdaten"))
    status = models.CharField(
        _("Status"),
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.RECEIVED,
    )
    submitted_at = models.DateTimeField(_("eingegangen am"), default=timezone.now)
    # the language the person used: confirmation e-mail and receipt speak it
    language = models.CharField(_("Sprache"), max_length=5, default="de")
    # the address for the confirmation e-mail, sealed; empty when none was given
    sealed_contact = models.BinaryField(_("verschlüsselte Kontaktadresse"), blank=True, default=b"")
    confirmation_sent_at = models.DateTimeField(_("Bestätigung gesendet am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    # set when the retention period ended: Fachdaten, contact and owner are gone
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def sealing_context(self) -> str:
        """Associated data: the sealed Fachdaten open only on this very submission."""
        return f"rathaus.submissions.submission:{self.id}"

    @property
    def contact_context(self) -> str:
        return f"rathaus.submissions.submission-contact:{self.id}"
