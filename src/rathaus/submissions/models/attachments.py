"""Files citizens upload: checked, sealed in file storage, owned by a draft or a submission."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.submissions.models.applications import Submission
from rathaus.submissions.models.drafts import Draft


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
