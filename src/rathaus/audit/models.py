"""The audit trail: append-only entries in a hash chain, and the head that seals its end."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.audit.chain import GENESIS_HASH

HEAD_ID = 1


class AuditAction(models.TextChoices):
    READ = "read", _("gelesen")
    CREATE = "create", _("angelegt")
    CHANGE = "change", _("geändert")
    DELETE = "delete", _("gelöscht")
    EXPORT = "export", _("exportiert")
    SEND = "send", _("versandt")
    LOGIN = "login", _("angemeldet")
    OTHER = "other", _("sonstiges")


class ActorKind(models.TextChoices):
    USER = "user", _("Benutzerkonto")
    API_CLIENT = "api_client", _("API-Client")
    WORKER = "worker", _("Hintergrundprozess")
    SYSTEM = "system", _("System")
    ANONYMOUS = "anonymous", _("nicht angemeldet")


class AuditEntry(models.Model):
    """One read or change of personal data; never updated or deleted (database triggers).

    `entry_hash` covers every other column and `previous_hash`, the hash of the entry before
    (see chain.py), so an edited, removed or inserted entry breaks the chain.
    """

    sequence = models.BigIntegerField(_("Nr."), primary_key=True)
    created_at = models.DateTimeField(_("Zeit"))
    # a plain number, not a foreign key: the entry outlives the account and is never updated
    actor_user_id = models.BigIntegerField(_("Benutzer-ID"), null=True, blank=True)
    actor = models.CharField(_("wer"), max_length=200)
    actor_kind = models.CharField(_("Art"), max_length=20, choices=ActorKind.choices)
    action = models.CharField(_("was"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("Objektart"), max_length=100)
    object_id = models.CharField(_("Objekt-ID"), max_length=200, blank=True)
    authority_id = models.BigIntegerField(_("Behörde (ID)"), null=True, blank=True)
    reason = models.TextField(_("Grund"), blank=True)
    # field names and ids only, never the values of personal data
    details = models.JSONField(_("Einzelheiten"), default=dict, blank=True)
    previous_hash = models.CharField(_("Prüfsumme des vorigen Eintrags"), max_length=64)
    entry_hash = models.CharField(_("Prüfsumme"), max_length=64)

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokolleinträge")
        indexes = [
            models.Index(fields=["object_id", "object_type"], name="audit_object_idx"),
            models.Index(fields=["actor"], name="audit_actor_idx"),
            models.Index(fields=["authority_id"], name="audit_authority_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.sequence} {self.actor} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The one row naming the newest entry, written with every append.

    Deleting the newest entries leaves no gap in the chain; the head still names them.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_ID)
    sequence = models.BigIntegerField(_("letzte Nr."), default=0)
    entry_hash = models.CharField(_("letzte Prüfsumme"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("Protokollende")
        verbose_name_plural = _("Protokollende")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=HEAD_ID), name="audit_head_single_row")
        ]

    def __str__(self) -> str:
        return f"{self.sequence} {self.entry_hash}"
