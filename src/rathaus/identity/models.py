"""A citizen known by BundID, open login requests, and assertions already used."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.identity.trust import TrustLevel

TRUST_LEVEL_CHOICES = [(level.value, level.label) for level in TrustLevel]


class Citizen(models.Model):
    """A person as BundID knows them, keyed by bPK2; the Django user is their session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.CASCADE,
        related_name="citizen",
    )
    # bPK2 is BundID's stable, service-specific person key; names and addresses change.
    bpk2 = models.CharField(_("bPK2"), max_length=255, unique=True)
    given_name = models.CharField(_("Vorname"), max_length=200, blank=True)
    surname = models.CharField(_("Familienname"), max_length=200, blank=True)
    birth_name = models.CharField(_("Geburtsname"), max_length=200, blank=True)
    personal_title = models.CharField(_("Titel"), max_length=100, blank=True)
    birthdate = models.CharField(_("Geburtsdatum"), max_length=20, blank=True)
    place_of_birth = models.CharField(_("Geburtsort"), max_length=200, blank=True)
    email = models.CharField(_("E-Mail-Adresse"), max_length=254, blank=True)
    postal_address = models.CharField(_("Straße und Hausnummer"), max_length=300, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=20, blank=True)
    locality = models.CharField(_("Ort"), max_length=200, blank=True)
    country = models.CharField(_("Staat"), max_length=10, blank=True)
    last_trust_level = models.CharField(
        _("Vertrauensniveau der letzten Anmeldung"), max_length=20, choices=TRUST_LEVEL_CHOICES
    )
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    last_login_at = models.DateTimeField(_("letzte Anmeldung"), default=timezone.now)

    class Meta:
        verbose_name = _("Bürgerin oder Bürger")
        verbose_name_plural = _("Bürgerinnen und Bürger")

    def __str__(self) -> str:
        return f"{self.given_name} {self.surname}".strip() or self.bpk2


class LoginProtocol(models.TextChoices):
    SAML = "saml", "SAML 2.0"
    OIDC = "oidc", "OpenID Connect"


class LoginRequest(models.Model):
    """A login sent to the identity provider and not yet answered.

    SAML: the AuthnRequest's id, named by the RelayState. OIDC: the `state`, with the `nonce`
    the ID token must carry and the PKCE `code_verifier` for the token request.
    """

    request_id = models.CharField(_("Anfrage-ID"), max_length=100, primary_key=True)
    protocol = models.CharField(
        _("Protokoll"), max_length=10, choices=LoginProtocol.choices, default=LoginProtocol.SAML
    )
    next_url = models.CharField(_("Ziel nach der Anmeldung"), max_length=2000, blank=True)
    trust_level = models.CharField(
        _("verlangtes Vertrauensniveau"), max_length=20, choices=TRUST_LEVEL_CHOICES
    )
    nonce = models.CharField(_("Nonce"), max_length=100, blank=True)
    code_verifier = models.CharField(_("PKCE-Code-Verifier"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("gesendet"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("offene Anmeldeanfrage")
        verbose_name_plural = _("offene Anmeldeanfragen")

    def __str__(self) -> str:
        return self.request_id


class ConsumedAssertion(models.Model):
    """An assertion already used to log in; kept until it expires so it cannot be replayed."""

    assertion_id = models.CharField(_("Assertion-ID"), max_length=200, unique=True)
    not_on_or_after = models.DateTimeField(_("gültig bis"), db_index=True)
    consumed_at = models.DateTimeField(_("verwendet"), default=timezone.now)

    class Meta:
        verbose_name = _("verwendete Assertion")
        verbose_name_plural = _("verwendete Assertions")

    def __str__(self) -> str:
        return self.assertion_id


class ConsentScope(models.TextChoices):
    FORM = "form", _("für einen Antrag")
    ALWAYS = "always", _("für alle Anträge")


class PrefillConsent(models.Model):
    """A person's yes or no to filling forms from their login data; rows are never changed.

    The current standing consent is the latest `always` row; a withdrawal is a new row.
    """

    citizen = models.ForeignKey(
        Citizen, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="consents"
    )
    scope = models.CharField(_("Geltung"), max_length=10, choices=ConsentScope.choices)
    form_key = models.CharField(_("Formular"), max_length=64, blank=True)
    form_title = models.CharField(_("Formulartitel"), max_length=300, blank=True)
    granted = models.BooleanField(_("eingewilligt"))
    # which attributes the person was shown (names, not values: the values change)
    attributes = models.JSONField(_("Angaben"), default=list)
    created_at = models.DateTimeField(_("erklärt am"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Einwilligung zur Datenübernahme")
        verbose_name_plural = _("Einwilligungen zur Datenübernahme")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.citizen} {self.get_scope_display()} {self.granted}"


# Organisation accounts live in their own module; re-exported so Django finds the models here.
from rathaus.identity.organisations.models import (  # noqa: E402
    Invitation,
    Organisation,
    OrganisationMembership,
)

__all__ = [
    "Citizen",
    "ConsentScope",
    "ConsumedAssertion",
    "Invitation",
    "LoginRequest",
    "Organisation",
    "OrganisationMembership",
    "PrefillConsent",
]
