"""Drafts of form answers (sealed at rest) and the single-use links that resume them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.forms.models import FormVersion


class Draft(models.Model):
    """Answers saved part-way through a form; only the owner may read or change them."""

    # A random UUID: a draft's address must not be guessable from another one.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form_version = models.ForeignKey(
        FormVersion,
        verbose_name=_("Formularversion"),
        on_delete=models.PROTECT,
        related_name="drafts",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="drafts",
    )
    owner_key = models.CharField(
        _("anonymer Besitzer (Hash)"), max_length=64, blank=True, db_index=True
    )
    # AES-GCM envelope (rathaus.common.crypto); the answers never appear here in clear text.
    sealed_answers = models.BinaryField(_("verschlüsselte Antworten"))
    current_page = models.CharField(_("aktuelle Seite"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    updated_at = models.DateTimeField(_("zuletzt gespeichert"), default=timezone.now)
    expires_at = models.DateTimeField(_("wird gelöscht ab"), db_index=True)

    class Meta:
        verbose_name = _("Entwurf")
        verbose_name_plural = _("Entwürfe")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(owner_user__isnull=False, owner_key="")
                    | (models.Q(owner_user__isnull=True) & ~models.Q(owner_key=""))
                ),
                name="draft_exactly_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"Entwurf {self.id}"

    @property
    def sealing_context(self) -> str:
        """Associated data for the sealed answers: they open only on this very draft."""
        return f"rathaus.submissions.draft:{self.id}"


class DraftResumeToken(models.Model):
    """A single-use, expiring link that lets a person continue a draft on another device."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="resume_tokens")
    token_hash = models.CharField(_("Token (sha256)"), max_length=64, unique=True)
    # Only the domain, to see in support which providers drop the mails; no address is kept.
    email_domain = models.CharField(_("E-Mail-Domain"), max_length=253, blank=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    expires_at = models.DateTimeField(_("gültig bis"))
    used_at = models.DateTimeField(_("benutzt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Fortsetzungslink")
        verbose_name_plural = _("Fortsetzungslinks")

    def __str__(self) -> str:
        return f"Fortsetzungslink für {self.draft_id}"


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
    )
    channel = models.CharField(_("Übermittlungsweg"), max_length=40)
    state = models.CharField(
        _("Zustand"),
        max_length=10,
        choices=DeliveryState.choices,
        default=DeliveryState.PENDING,
        db_index=True,
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


class ScanResult(models.TextChoices):
    CLEAN = "clean", _("geprüft, keine Schadsoftware gefunden")
    NOT_SCANNED = "not_scanned", _("nicht geprüft (kein Virenscanner eingerichtet)")


class Attachment(models.Model):
    """A file a citizen uploaded: checked, sealed in file storage, owned by a draft then a
    submission (exactly one of the two at any time)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.ForeignKey(
        Draft,
        verbose_name=_("Entwurf"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("Antrag"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    field_id = models.CharField(_("Feld im Formular"), max_length=64)
    name = models.CharField(_("Dateiname"), max_length=255)
    content_type = models.CharField(_("Dateiart (nach Inhalt)"), max_length=100)
    size = models.PositiveBigIntegerField(_("Größe in Bytes"))
    sha512 = models.CharField(_("SHA-512 des Inhalts"), max_length=128)
    scan_result = models.CharField(_("Virenprüfung"), max_length=12, choices=ScanResult.choices)
    # where the sealed bytes lie in the "attachments" storage; never the clear text
    storage_name = models.CharField(_("Ablageort"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("hochgeladen"), default=timezone.now)

    class Meta:
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(draft__isnull=False, submission__isnull=True)
                    | models.Q(draft__isnull=True, submission__isnull=False)
                ),
                name="attachment_exactly_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sealing_context(self) -> str:
        """Associated data: the sealed bytes open only as this very attachment."""
        return f"rathaus.submissions.attachment:{self.id}"
