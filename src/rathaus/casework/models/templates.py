"""Decision templates (Bescheidvorlagen): the text of a decision per service and outcome."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.authorities.models import Authority
from rathaus.catalog.models import Service


class DecisionOutcome(models.TextChoices):
    """What a decision says about the application."""

    APPROVED = "approved", _("bewilligt")
    REJECTED = "rejected", _("abgelehnt")
    PARTLY_APPROVED = "partly_approved", _("teilweise bewilligt")
    OTHER = "other", _("sonstige Entscheidung")


class DecisionTemplate(models.Model):
    """The wording of a decision for one service (and optionally one authority) and outcome.

    Body and legal remedy note are Django template text restricted to variables and the
    filters date, default and linebreaks (casework/documents/checks.py); `clean` refuses
    anything else, so a template that is stored can always be rendered.
    """

    service = models.ForeignKey(
        Service,
        verbose_name=_("Leistung"),
        on_delete=models.PROTECT,
        related_name="decision_templates",
    )
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("Behörde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_templates",
        help_text=_("Leer: für jede Behörde, die die Leistung erbringt."),
    )
    name = models.CharField(_("Name"), max_length=200)
    outcome = models.CharField(_("Entscheidung"), max_length=20, choices=DecisionOutcome.choices)
    body = models.TextField(
        _("Text des Bescheids"),
        help_text=_(
            "Absätze durch eine Leerzeile trennen. Variablen in doppelten geschweiften "
            "Klammern, z. B. {{ antragsteller.name }}; Filter: date, default, linebreaks."
        ),
    )
    legal_remedy = models.TextField(
        _("Rechtsbehelfsbelehrung"),
        help_text=_("Steht am Ende des Bescheids; Variablen wie im Text des Bescheids."),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Bescheidvorlage")
        verbose_name_plural = _("Bescheidvorlagen")
        ordering = ["service__name", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # the check needs the service's forms: a problem names its line and what exists
        from rathaus.casework.documents.selectors import decision_template_check

        decision_template_check(template=self)
