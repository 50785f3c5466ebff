"""The service catalogue (LeiKa/OZG), responsibility rules and explicit offerings."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.authorities.models import Authority, AuthorityLevel
from rathaus.territory.models import Region


class Topic(models.Model):
    """An OZG Themenfeld, e.g. 'Familie & Kind'."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("Themenfeld")
        verbose_name_plural = _("Themenfelder")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LifeSituation(models.Model):
    """An OZG Lebenslage, e.g. 'Geburt'."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("Themenfeld"),
        on_delete=models.PROTECT,
        related_name="life_situations",
    )

    class Meta:
        verbose_name = _("Lebenslage")
        verbose_name_plural = _("Lebenslagen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OzgService(models.Model):
    """An OZG-Leistung: a bundle of LeiKa services, with a five-digit OZG id."""

    ozg_id = models.CharField(_("OZG-ID"), max_length=10, unique=True)
    name = models.CharField(_("Name"), max_length=250)
    life_situation = models.ForeignKey(
        LifeSituation,
        verbose_name=_("Lebenslage"),
        on_delete=models.PROTECT,
        related_name="ozg_services",
    )

    class Meta:
        verbose_name = _("OZG-Leistung")
        verbose_name_plural = _("OZG-Leistungen")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ozg_id})"


class Service(models.Model):
    """A LeiKa service (Verwaltungsleistung), keyed by its 14-digit Leistungsschlüssel."""

    leika_key = models.CharField(
        _("Leistungsschlüssel"), max_length=14, unique=True, null=True, blank=True
    )
    source_key = models.CharField(_("Schlüssel laut Quelle"), max_length=40, blank=True)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    name = models.CharField(_("Name"), max_length=500)
    typisierung = models.CharField(_("Typisierung"), max_length=20, blank=True)
    legal_basis = models.TextField(_("Rechtsgrundlage"), blank=True)
    law_name = models.CharField(_("Gesetz"), max_length=500, blank=True)
    law_abbreviation = models.CharField(_("Gesetz (Kürzel)"), max_length=60, blank=True)
    ozg_service = models.ForeignKey(
        OzgService,
        verbose_name=_("OZG-Leistung"),
        on_delete=models.PROTECT,
        related_name="services",
        null=True,
        blank=True,
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    keywords = models.TextField(
        _("Suchbegriffe"),
        blank=True,
        help_text=_("Weitere Wörter, unter denen Bürgerinnen und Bürger die Leistung suchen."),
    )
    flag = models.CharField(
        _("Hinweis zur Datenqualität"),
        max_length=200,
        blank=True,
        help_text=_("Gesetzt, wenn die Quelle keinen gültigen Leistungsschlüssel hat."),
    )

    class Meta:
        verbose_name = _("Leistung")
        verbose_name_plural = _("Leistungen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_flagged(self) -> bool:
        return bool(self.flag)


class OnlineStatus(models.TextChoices):
    ONLINE = "online", _("online beantragbar")
    OFFLINE = "offline", _("nicht online beantragbar")


MATURITY_V1 = [(level, str(level)) for level in range(5)]
MATURITY_V2 = [(level, str(level)) for level in range(8)]


class ResponsibilityRule(models.Model):
    """A readable rule: services that match it are handled at the given level."""

    priority = models.PositiveIntegerField(
        _("Reihenfolge"), default=100, help_text=_("Kleinere Zahlen werden zuerst geprüft.")
    )
    name = models.CharField(_("Name"), max_length=200, unique=True)
    description = models.TextField(_("Begründung"), blank=True)
    match_typisierung = models.CharField(
        _("Typisierung ist eine von"),
        max_length=100,
        blank=True,
        help_text=_("Durch Komma getrennt, z. B. „3, 5“. Leer: jede."),
    )
    match_key_prefixes = models.TextField(
        _("Leistungsschlüssel beginnt mit"),
        blank=True,
        help_text=_("Durch Leerzeichen getrennt, z. B. „99115 99008001“."),
    )
    match_name_words = models.TextField(
        _("Name enthält eines der Wörter"),
        blank=True,
        help_text=_("Durch Komma getrennt; Groß-/Kleinschreibung egal."),
    )
    match_topics = models.TextField(
        _("Themenfeld ist eines von"), blank=True, help_text=_("Durch Semikolon getrennt.")
    )
    target_level = models.CharField(
        _("zuständige Ebene"), max_length=20, choices=AuthorityLevel.choices
    )
    target_authority = models.ForeignKey(
        Authority,
        verbose_name=_("bestimmte Behörde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Nur nötig, wenn die Ebene allein nicht reicht."),
    )
    online_status = models.CharField(
        _("Online-Status"),
        max_length=10,
        choices=OnlineStatus.choices,
        default=OnlineStatus.OFFLINE,
    )
    maturity_v1 = models.PositiveSmallIntegerField(
        _("Reifegrad 1.1 (0–4)"),
        choices=MATURITY_V1,
        default=1,
        validators=[MaxValueValidator(4)],
    )
    maturity_v2 = models.PositiveSmallIntegerField(
        _("Reifegrad 2.0 (0–7)"),
        choices=MATURITY_V2,
        default=1,
        validators=[MaxValueValidator(7)],
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Zuständigkeitsregel")
        verbose_name_plural = _("Zuständigkeitsregeln")
        ordering = ["priority", "name"]

    def __str__(self) -> str:
        return self.name


class Offering(models.Model):
    """An explicit entry where a place differs from the rules (own link, status, authority)."""

    service = models.ForeignKey(
        Service, verbose_name=_("Leistung"), on_delete=models.CASCADE, related_name="offerings"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("Gebiet"),
        on_delete=models.CASCADE,
        related_name="offerings",
        help_text=_("Gilt für dieses Gebiet und alles darunter."),
    )
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("zuständige Behörde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Leer: die Behörde laut Regel."),
    )
    online_status = models.CharField(
        _("Online-Status"), max_length=10, choices=OnlineStatus.choices, blank=True
    )
    maturity_v1 = models.PositiveSmallIntegerField(
        _("Reifegrad 1.1 (0–4)"),
        choices=MATURITY_V1,
        null=True,
        blank=True,
        validators=[MaxValueValidator(4)],
    )
    maturity_v2 = models.PositiveSmallIntegerField(
        _("Reifegrad 2.0 (0–7)"),
        choices=MATURITY_V2,
        null=True,
        blank=True,
        validators=[MaxValueValidator(7)],
    )
    application_url = models.URLField(_("Link zum Online-Antrag"), blank=True, max_length=500)
    note = models.CharField(_("Hinweis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        constraints = [
            models.UniqueConstraint(fields=["service", "region"], name="offering_unique_place")
        ]

    def __str__(self) -> str:
        return f"{self.service} – {self.region}"


class SearchIndexState(models.Model):
    """One row whose version changes (to a random value) whenever searchable data changes."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("Suchindex-Stand")

    def __str__(self) -> str:
        return f"Suchindex {self.version}"
