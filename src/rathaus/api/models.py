"""API clients of the authorities (Fachverfahren) and what they did to applications."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a client's token allows."""

    SUBMISSIONS_READ = "submissions:read", _("Anträge lesen")
    SUBMISSIONS_WRITE = "submissions:write", _("Status setzen und Empfang bestätigen")
    DECISIONS_WRITE = "decisions:write", _("Bescheide zustellen")


class ApiClient(models.Model):
    """A Fachverfahren of one authority; its token is kept only as a SHA-256 hash."""

    authority = models.ForeignKey(
        "authorities.Authority",
        verbose_name=_("Behörde"),
        on_delete=models.PROTECT,
        related_name="api_clients",
    )
    name = models.CharField(_("Name"), max_length=100)
    scopes = models.JSONField(_("Berechtigungen"), default=list)
    # the token's first characters, to recognise it in logs and lists; not enough to use it
    token_prefix = models.CharField(_("Token-Anfang"), max_length=16)
    token_hash = models.CharField(_("SHA-256 des Tokens"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-Client")
        verbose_name_plural = _("API-Clients")
        ordering = ["authority_id", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"


class Acknowledgement(models.Model):
    """A Fachverfahren took an application over (the first acknowledgement counts)."""

    submission = models.OneToOneField(
        "submissions.Submission",
        verbose_name=_("Antrag"),
        on_delete=models.CASCADE,
        related_name="api_acknowledgement",
    )
    client = models.ForeignKey(
        ApiClient, verbose_name=_("API-Client"), on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("übernommen am"), default=timezone.now)

    class Meta:
        verbose_name = _("Übernahme durch ein Fachverfahren")
        verbose_name_plural = _("Übernahmen durch Fachverfahren")

    def __str__(self) -> str:
        return f"{self.submission_id} ← {self.client_id}"
