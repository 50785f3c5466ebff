"""Drafts of form answers (sealed at rest) and the single-use links that resume them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.forms.models import FormVersion


class Draft(models.Model):
    """Answers saved part-way through a form; only the owner may read or change them."""

    # A random UUID: a draft's address must not be guessable from another one.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form_version = models.ForeignKey(
        FormVersion,
        verbose_name=_("Formularversion"),
        on_delete=models.PROTECT,
        related_name="drafts",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="drafts",
    )
    owner_key = models.CharField(
        _("anonymer Besitzer (Hash)"), max_length=64, blank=True, db_index=True
    )
    # AES-GCM envelope (rathaus.common.crypto); the answers never appear here in clear text.
    # the organisation the person acts for (set when the draft starts), or none
    organisation = models.ForeignKey(
        "identity.Organisation",
        verbose_name=_("für die Organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    sealed_answers = models.BinaryField(_("verschlüsselte Antworten"))
    current_page = models.CharField(_("aktuelle Seite"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    updated_at = models.DateTimeField(_("zuletzt gespeichert"), default=timezone.now)
    expires_at = models.DateTimeField(_("wird gelöscht ab"), db_index=True)

    class Meta:
        verbose_name = _("Entwurf")
        verbose_name_plural = _("Entwürfe")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(owner_user__isnull=False, owner_key="")
                    | (models.Q(owner_user__isnull=True) & ~models.Q(owner_key=""))
                ),
                name="draft_exactly_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"Entwurf {self.id}"

    @property
    def sealing_context(self) -> str:
        """Associated data for the sealed answers: they open only on this very draft."""
        return f"rathaus.submissions.draft:{self.id}"


class DraftResumeToken(models.Model):
    """A single-use, expiring link that lets a person continue a draft on another device."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="resume_tokens")
    token_hash = models.CharField(_("Token (sha256)"), max_length=64, unique=True)
    # Only the domain, to see in support which providers drop the mails; no address is kept.
    email_domain = models.CharField(_("E-Mail-Domain"), max_length=253, blank=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    expires_at = models.DateTimeField(_("gültig bis"))
    used_at = models.DateTimeField(_("benutzt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Fortsetzungslink")
        verbose_name_plural = _("Fortsetzungslinks")

    def __str__(self) -> str:
        return f"Fortsetzungslink für {self.draft_id}"
