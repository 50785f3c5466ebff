"""The status monitor: the steps a service's applications go through, and where each stands."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StepSequence(models.Model):
    """The steps of one service's applications, when they differ from the default sequence."""

    service = models.OneToOneField(
        "catalog.Service",
        verbose_name=_("Leistung"),
        on_delete=models.CASCADE,
        related_name="step_sequence",
    )

    class Meta:
        verbose_name = _("Schrittfolge einer Leistung")
        verbose_name_plural = _("Schrittfolgen der Leistungen")

    def __str__(self) -> str:
        return str(self.service)


class Step(models.Model):
    """One step of a sequence, in order; an optional step shows only once it was reached."""

    sequence = models.ForeignKey(
        StepSequence, verbose_name=_("Schrittfolge"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    key = models.SlugField(
        _("Schlüssel"),
        max_length=40,
        help_text=_(
            "received, delivered, processing, question und decided ordnet Rathaus selbst zu; "
            "weitere Schritte setzt die Sachbearbeitung."
        ),
    )
    label_de = models.CharField(_("Bezeichnung (Deutsch)"), max_length=120)
    label_en = models.CharField(_("Bezeichnung (Englisch)"), max_length=120)
    optional = models.BooleanField(
        _("nur anzeigen, wenn erreicht"),
        default=False,
        help_text=_("Etwa eine Rückfrage, die es nicht bei jedem Antrag gibt."),
    )

    class Meta:
        verbose_name = _("Schritt")
        verbose_name_plural = _("Schritte")
        ordering = ["sequence", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sequence", "key"], name="mailbox_step_key_once"),
            models.UniqueConstraint(
                fields=["sequence", "position"], name="mailbox_step_position_once"
            ),
        ]

    def __str__(self) -> str:
        return self.label_de


class StatusChange(models.Model):
    """A step a submission reached (set by the Postfach or, later, the back office)."""

    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name=_("Antrag"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    step_key = models.SlugField(_("Schritt"), max_length=40)
    changed_at = models.DateTimeField(_("seit"), default=timezone.now)

    class Meta:
        verbose_name = _("Statuswechsel")
        verbose_name_plural = _("Statuswechsel")
        ordering = ["submission", "changed_at", "pk"]
        indexes = [
            models.Index(fields=["submission", "changed_at"], name="mailbox_status_history"),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.step_key}"
