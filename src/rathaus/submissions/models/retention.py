"""Destruction lists: closed applications past their retention period, reviewed and
approved by the authority before they are anonymised (issue 6, retention at closing)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.submissions.models.applications import Submission


class DestructionListState(models.TextChoices):
    PROPOSED = "proposed", _("zur Prüfung")
    APPROVED = "approved", _("freigegeben")
    DONE = "done", _("ausgeführt")


class DestructionList(models.Model):
    """One authority's applications due for anonymisation in one period (a month)."""

    authority = models.ForeignKey(
        "authorities.Authority",
        verbose_name=_("Behörde"),
        on_delete=models.PROTECT,
        related_name="destruction_lists",
    )
    period = models.CharField(_("Zeitraum"), max_length=7, help_text=_("Jahr und Monat"))
    state = models.CharField(
        _("Stand"),
        max_length=10,
        choices=DestructionListState.choices,
        default=DestructionListState.PROPOSED,
    )
    created_at = models.DateTimeField(_("vorgeschlagen am"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("freigegeben von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    executed_at = models.DateTimeField(_("ausgeführt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Löschliste")
        verbose_name_plural = _("Löschlisten")
        ordering = ["-period", "authority__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "period"], name="destruction_list_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.period}"


class DestructionItem(models.Model):
    """One application on a list; the authority may keep it (with a reason) before approval."""

    destruction_list = models.ForeignKey(
        DestructionList,
        verbose_name=_("Löschliste"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    submission = models.ForeignKey(
        Submission, verbose_name=_("Antrag"), on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("Aktenzeichen"), max_length=64)
    closed_at = models.DateTimeField(_("abgeschlossen am"))
    keep = models.BooleanField(_("aufbewahren"), default=False)
    keep_reason = models.CharField(_("Grund der Aufbewahrung"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Eintrag der Löschliste")
        verbose_name_plural = _("Einträge der Löschliste")
        ordering = ["closed_at", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["destruction_list", "submission"], name="destruction_item_once"
            ),
            models.CheckConstraint(
                condition=models.Q(keep=False) | ~models.Q(keep_reason=""),
                name="destruction_item_kept_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference
