"""Authorities (Behörden) at every level of the Land, where each is based, and its staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.common.reference_template import template_check
from rathaus.territory.models import Region


class AuthorityLevel(models.TextChoices):
    """The administrative level at which an authority acts."""

    GEMEINDE = "gemeinde", _("Gemeinde")
    KREIS = "kreis", _("Kreis / kreisfreie Stadt")
    REGIERUNGSBEZIRK = "regierungsbezirk", _("Regierungsbezirk")
    LAND = "land", _("Land")
    BUND = "bund", _("Bund")


class AuthorityKind(models.TextChoices):
    GEMEINDEVERWALTUNG = "gemeindeverwaltung", _("Gemeindeverwaltung")
    STADTVERWALTUNG = "stadtverwaltung", _("Stadtverwaltung")
    KREISFREIE_STADT = "kreisfreie_stadt", _("Verwaltung der kreisfreien Stadt")
    KREISVERWALTUNG = "kreisverwaltung", _("Kreisverwaltung")
    REGIERUNGSPRAESIDIUM = "regierungspraesidium", _("Regierungspräsidium")
    MINISTERIUM = "ministerium", _("Ministerium")
    BUNDESBEHOERDE = "bundesbehoerde", _("Bundesbehörde")


# Which levels an authority of each kind serves: a kreisfreie Stadt is Gemeinde and Kreis at once.
KIND_LEVELS: dict[str, tuple[str, ...]] = {
    AuthorityKind.GEMEINDEVERWALTUNG: (AuthorityLevel.GEMEINDE,),
    AuthorityKind.STADTVERWALTUNG: (AuthorityLevel.GEMEINDE,),
    AuthorityKind.KREISFREIE_STADT: (AuthorityLevel.GEMEINDE, AuthorityLevel.KREIS),
    AuthorityKind.KREISVERWALTUNG: (AuthorityLevel.KREIS,),
    AuthorityKind.REGIERUNGSPRAESIDIUM: (AuthorityLevel.REGIERUNGSBEZIRK,),
    AuthorityKind.MINISTERIUM: (AuthorityLevel.LAND,),
    AuthorityKind.BUNDESBEHOERDE: (AuthorityLevel.BUND,),
}


class Authority(models.Model):
    """A public body that is responsible for services in its region."""

    name = models.CharField(_("Name"), max_length=250)
    short_name = models.CharField(_("Kurzbezeichnung"), max_length=60, blank=True)
    kind = models.CharField(_("Art"), max_length=30, choices=AuthorityKind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("Gebiet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorities",
        help_text=_("Das Gebiet, für das die Behörde zuständig ist (leer für Bundesbehörden)."),
    )
    slug = models.SlugField(_("Kurzname"), max_length=250, unique=True)
    topics = models.CharField(
        _("Themenfelder"),
        max_length=500,
        blank=True,
        help_text=_("Für Ministerien: Themenfelder, getrennt durch Semikolon."),
    )
    street = models.CharField(_("Straße"), max_length=200, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    town = models.CharField(_("Ort"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    website = models.URLField(_("Website"), blank=True)
    reference_template = models.CharField(
        _("Vorlage für Aktenzeichen"),
        max_length=60,
        blank=True,
        validators=[template_check],
        help_text=_(
            "Leer: HE-{scope}-{year}-{number:06d}. Platzhalter: {scope} (Kreis oder AGS), "
            "{year}, {number}."
        ),
    )

    class Meta:
        verbose_name = _("Behörde")
        verbose_name_plural = _("Behörden")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "region", "short_name"], name="authority_unique_per_region"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def levels(self) -> tuple[str, ...]:
        return KIND_LEVELS[self.kind]


class StaffRole(models.TextChoices):
    """What a staff member may do in one authority's data."""

    ADMIN = "admin", _("Administration")
    CASEWORKER = "caseworker", _("Sachbearbeitung")
    READER = "reader", _("nur lesen")


class StaffMembership(models.Model):
    """A staff account's role in one authority; the admin shows only these authorities' data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.CASCADE,
        related_name="staff_memberships",
    )
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("Behörde"),
        on_delete=models.CASCADE,
        related_name="staff_memberships",
    )
    role = models.CharField(_("Rolle"), max_length=12, choices=StaffRole.choices)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["authority__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "authority"], name="staff_membership_once_per_authority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.authority} ({self.get_role_display()})"
