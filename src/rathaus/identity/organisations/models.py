"""Organisations people act for: businesses, associations, and municipalities towards the Land.

A person belongs to an organisation through a membership with a role; new members come by an
e-mailed invitation whose token is stored only as its SHA-256 hash.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.territory.models import Region, RegionLevel


class OrganisationKind(models.TextChoices):
    BUSINESS = "business", _("Unternehmen")
    ASSOCIATION = "association", _("Verein oder andere Körperschaft")
    # created by Land staff in the admin only; it applies to the Land (funding programme)
    MUNICIPALITY = "municipality", _("Gemeinde")


class Role(models.TextChoices):
    OWNER = "owner", _("Inhaber/Verwaltung")
    MEMBER = "member", _("Mitglied")
    READER = "reader", _("Lesen")


# who may act for an organisation (submit, answer); readers only see
ACTING_ROLES = (Role.OWNER, Role.MEMBER)


class Organisation(models.Model):
    """A business, association or municipality whose members act for it."""

    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=OrganisationKind.choices)
    region = models.OneToOneField(
        Region,
        verbose_name=_("Gemeinde (Gebiet)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
        limit_choices_to={"level": RegionLevel.GEMEINDE},
        help_text=_("Nur bei Gemeinden: das Gebiet, für das die Organisation handelt."),
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=300, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    locality = models.CharField(_("Ort"), max_length=200, blank=True)
    register_entry = models.CharField(
        _("Handelsregistereintrag"),
        max_length=100,
        blank=True,
        help_text=_("Zum Beispiel HRB 12345, Amtsgericht Kassel"),
    )
    tax_number = models.CharField(_("Steuernummer oder Umsatzsteuer-ID"), max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        constraints = [
            # a municipality stands for exactly one Gemeinde; nothing else names a region
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.MUNICIPALITY, region__isnull=False)
                | (~Q(kind=OrganisationKind.MUNICIPALITY) & Q(region__isnull=True)),
                name="organisation_region_iff_municipality",
                violation_error_message=_(
                    "Eine Gemeinde braucht ihr Gebiet; andere Organisationen haben keines."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationMembership(models.Model):
    """A person's place in an organisation and what their role lets them do."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("Mitglied seit"), default=timezone.now)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="membership_once_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_role_display()}"


class Invitation(models.Model):
    """An e-mailed invitation to join with a role; single use, until it expires or is revoked.

    The link's token is derived from a server secret and the random id (tokens.py), so
    the e-mail task can rebuild it; the database keeps only its hash.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("E-Mail-Adresse"), max_length=254)
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingeladen von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("eingeladen am"), default=timezone.now)
    expires_at = models.DateTimeField(_("gültig bis"), db_index=True)
    sent_at = models.DateTimeField(_("E-Mail versandt"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angenommen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("zurückgezogen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.email}"
