"""The map: Land → Regierungsbezirk → Kreis/kreisfreie Stadt → Gemeinde, and postcodes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    LAND = 1, _("Land")
    REGIERUNGSBEZIRK = 2, _("Regierungsbezirk")
    KREIS = 3, _("Kreis / kreisfreie Stadt")
    GEMEINDE = 4, _("Gemeinde")


class Region(models.Model):
    """A territorial unit identified by its Amtlicher Regionalschlüssel (ARS).

    The key has the length of its level: Land 2, Regierungsbezirk 3, Kreis 5, Gemeinde 12
    digits, so a kreisfreie Stadt as Kreis (06411) and as Gemeinde (064110000000) differ.
    """

    level = models.PositiveSmallIntegerField(_("Ebene"), choices=RegionLevel.choices)
    ars = models.CharField(_("Regionalschlüssel (ARS)"), max_length=12, unique=True)
    ags = models.CharField(_("Gemeindeschlüssel (AGS)"), max_length=8, blank=True, db_index=True)
    name = models.CharField(_("Name"), max_length=200)
    official_name = models.CharField(_("amtlicher Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=60, blank=True)
    slug = models.SlugField(_("Kurzname"), max_length=220, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("übergeordnet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    population = models.PositiveIntegerField(_("Einwohner"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("Fläche (km²)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    latitude = models.DecimalField(
        _("Breitengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_unincorporated = models.BooleanField(_("gemeindefreies Gebiet"), default=False)

    class Meta:
        verbose_name = _("Gebiet")
        verbose_name_plural = _("Gebiete")
        ordering = ["level", "name"]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_kreisfrei(self) -> bool:
        return self.level == RegionLevel.KREIS and self.kind == "Kreisfreie Stadt"


class Postcode(models.Model):
    """One postcode within one municipality; a postcode may span several municipalities."""

    code = models.CharField(_("Postleitzahl"), max_length=5, db_index=True)
    municipality = models.ForeignKey(
        Region,
        verbose_name=_("Gemeinde"),
        on_delete=models.CASCADE,
        related_name="postcodes",
        limit_choices_to={"level": RegionLevel.GEMEINDE},
    )
    place_name = models.CharField(_("Ort"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Postleitzahl")
        verbose_name_plural = _("Postleitzahlen")
        ordering = ["code", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "municipality"], name="postcode_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.place_name or self.municipality.name}"
