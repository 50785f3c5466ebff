"""Messages from an authority to a person, their files, answers and fetch receipts."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.submissions.models import ScanResult


class MessageKind(models.TextChoices):
    MESSAGE = "message", _("Nachricht")
    QUESTION = "question", _("Rückfrage")
    DECISION = "decision", _("Bescheid")


class Message(models.Model):
    """One message of an authority in a Postfach; subject and body sealed at rest.

    The recipient is a person's account now. An organisation's Postfach will use
    `recipient_organisation_id` (see docs/architecture.md, "Postfach"): exactly one of the two
    is set, which the database checks.
    """

    # random: a message's address must not be guessable from another one
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("Art"), max_length=10, choices=MessageKind.choices)
    # PROTECT: a decision is a legal record; an account is not deleted under it
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Empfänger (Konto)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mailbox_messages",
    )
    # the place for an organisation (identity.Organisation, built elsewhere): the integrator
    # turns it into `recipient_organisation = ForeignKey(...)`, whose column has this name
    recipient_organisation_id = models.BigIntegerField(
        _("Empfänger (Organisation)"), null=True, blank=True, db_index=True
    )
    sender_authority = models.ForeignKey(
        "authorities.Authority",
        verbose_name=_("Absender (Behörde)"),
        on_delete=models.PROTECT,
        related_name="mailbox_messages",
    )
    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name=_("zum Antrag"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mailbox_messages",
    )
    # {"subject": ..., "body": ...}, AES-GCM envelope (rathaus.common.crypto)
    sealed_content = models.BinaryField(_("verschlüsselter Betreff und Text"))
    answer_due = models.DateField(_("Antwort erbeten bis"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gesendet"), default=timezone.now)
    read_at = models.DateTimeField(_("gelesen"), null=True, blank=True)
    notified_at = models.DateTimeField(_("per E-Mail benachrichtigt"), null=True, blank=True)

    class Meta:
        verbose_name = _("Postfach-Nachricht")
        verbose_name_plural = _("Postfach-Nachrichten")
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["recipient_user", "-sent_at"], name="mailbox_message_inbox"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(recipient_user__isnull=False, recipient_organisation_id__isnull=True)
                    | models.Q(recipient_user__isnull=True, recipient_organisation_id__isnull=False)
                ),
                name="mailbox_message_one_recipient",
            ),
            models.CheckConstraint(
                condition=models.Q(answer_due__isnull=True) | models.Q(kind="question"),
                name="mailbox_message_due_only_for_questions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.id}"

    @property
    def sealing_context(self) -> str:
        """Associated data: the sealed content opens only on this very message."""
        return f"rathaus.mailbox.message:{self.id}"


class FetchReceipt(models.Model):
    """The moment a decision was first opened (Abruf): written once, never changed.

    Electronic notification (§ 41 (2a) VwVfG) counts from it, so the database refuses
    UPDATE and DELETE of these rows by trigger (docs/adr, "Postfach: fetch receipts recorded
    once and immutable"); the unique message makes the first of two concurrent openings
    the one recorded.
    """

    # PROTECT: a decision with a receipt cannot be deleted through the ORM either
    message = models.OneToOneField(
        Message,
        verbose_name=_("Bescheid"),
        on_delete=models.PROTECT,
        related_name="fetch_receipt",
    )
    opened_at = models.DateTimeField(_("zuerst geöffnet"))
    # a plain id, not a foreign key: a cascade must never try to change this row
    opened_by_user_id = models.BigIntegerField(_("geöffnet von Konto"), null=True, blank=True)

    class Meta:
        verbose_name = _("Abrufbestätigung")
        verbose_name_plural = _("Abrufbestätigungen")

    def __str__(self) -> str:
        return f"{self.message_id} @ {self.opened_at.isoformat()}"


class Answer(models.Model):
    """A person's answer to a question (Rückfrage): text sealed at rest, at most one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.OneToOneField(
        Message, verbose_name=_("Rückfrage"), on_delete=models.CASCADE, related_name="answer"
    )
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sealed_text = models.BinaryField(_("verschlüsselter Antworttext"))
    answered_at = models.DateTimeField(_("beantwortet"), default=timezone.now)

    class Meta:
        verbose_name = _("Antwort auf eine Rückfrage")
        verbose_name_plural = _("Antworten auf Rückfragen")

    def __str__(self) -> str:
        return f"Antwort {self.id}"

    @property
    def sealing_context(self) -> str:
        return f"rathaus.mailbox.answer:{self.id}"


class MailboxFile(models.Model):
    """A file of a message (from the authority) or of an answer (from the person), sealed in
    the attachments storage like the files of applications."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    message = models.ForeignKey(
        Message,
        verbose_name=_("Nachricht"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    answer = models.ForeignKey(
        Answer,
        verbose_name=_("Antwort"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    name = models.CharField(_("Dateiname"), max_length=255)
    content_type = models.CharField(_("Dateiart (nach Inhalt)"), max_length=100)
    size = models.PositiveBigIntegerField(_("Größe in Bytes"))
    sha512 = models.CharField(_("SHA-512 des Inhalts"), max_length=128)
    scan_result = models.CharField(_("Virenprüfung"), max_length=12, choices=ScanResult.choices)
    storage_name = models.CharField(_("Ablageort"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)

    class Meta:
        verbose_name = _("Postfach-Datei")
        verbose_name_plural = _("Postfach-Dateien")
        ordering = ["created_at", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(message__isnull=False, answer__isnull=True)
                    | models.Q(message__isnull=True, answer__isnull=False)
                ),
                name="mailbox_file_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sealing_context(self) -> str:
        return f"rathaus.mailbox.file:{self.id}"
