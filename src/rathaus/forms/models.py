"""Stored forms: a form has numbered versions; a published version never changes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.catalog.models import Service


class Form(models.Model):
    """A form people fill in to apply for a service (many versions over time)."""

    key = models.CharField(
        _("Kennung"),
        max_length=64,
        unique=True,
        help_text=_("FIM-Schema-ID (z. B. S00000121) oder eigene Kennung"),
    )
    title = models.CharField(_("Titel"), max_length=300)
    service = models.ForeignKey(
        Service,
        verbose_name=_("Leistung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forms",
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Formular")
        verbose_name_plural = _("Formulare")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("veröffentlicht")
    RETIRED = "retired", _("zurückgezogen")


class FormVersion(models.Model):
    """One version of a form; its definition is frozen once published."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("Version"))
    status = models.CharField(
        _("Status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    definition = models.JSONField(_("Definition"))
    source = models.CharField(_("Quelle"), max_length=10, default="rathaus")
    source_name = models.CharField(_("Datei"), max_length=255, blank=True)
    report = models.JSONField(_("Importbericht"), default=dict, blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Formularversion")
        verbose_name_plural = _("Formularversionen")
        ordering = ["form", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="form_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.form.title} v{self.number} ({self.get_status_display()})"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED
