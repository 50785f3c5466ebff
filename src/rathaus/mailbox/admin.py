"""The Postfach in the admin: messages read-only (content decrypted for superusers), a send
form, receipts read-only, step sequences editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import URLPattern, path
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from rathaus.audit.admin_mixin import AuditedModelAdmin
from rathaus.mailbox import selectors
from rathaus.mailbox.admin_send import send_view
from rathaus.mailbox.models import FetchReceipt, Message, StatusChange, Step, StepSequence
from rathaus.mailbox.status import DEFAULT_STEPS

_MESSAGE_FIELDS = (
    "id",
    "kind",
    "recipient_user",
    "sender_authority",
    "submission",
    "sent_at",
    "answer_due",
    "read_at",
    "notified_at",
)


class ReadOnly:
    """Records written by services only: visible, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(ReadOnly, AuditedModelAdmin[Message]):
    def audit_authority_id(self, obj: Message) -> int | None:
        return obj.sender_authority_id

    list_display = ["id", "kind", "recipient_user", "sender_authority", "sent_at", "read_at"]
    list_filter = ["kind", "sent_at"]
    list_select_related = ["recipient_user", "sender_authority"]
    change_list_template = "admin/mailbox/message_changelist.html"
    fields = (*_MESSAGE_FIELDS, "subject", "body", "files", "receipt", "answer")
    readonly_fields = fields

    def get_urls(self) -> list[URLPattern]:
        own = [path("senden/", send_view(self), name="mailbox_message_send")]
        return own + super().get_urls()

    def _content(self, message: Message) -> dict[str, str]:
        return selectors.message_content(message=message)

    @admin.display(description=_("Betreff"))
    def subject(self, message: Message) -> str:
        return self._content(message)["subject"]

    @admin.display(description=_("Text"))
    def body(self, message: Message) -> str:
        return self._content(message)["body"]

    @admin.display(description=_("Dateien"))
    def files(self, message: Message) -> str:
        rows = selectors.files_of_message(message=message)
        return format_html_join(
            ", ", "{} ({} Bytes, {})", ((f.name, f.size, f.scan_result) for f in rows)
        )

    @admin.display(description=_("Abrufbestätigung"))
    def receipt(self, message: Message) -> str:
        found = selectors.receipt_of(message=message)
        return found.opened_at.isoformat() if found else "–"

    @admin.display(description=_("Antwort"))
    def answer(self, message: Message) -> str:
        found = selectors.answer_of(question=message)
        return selectors.answer_text(answer=found) if found else "–"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # the decrypted content is for superusers; other staff see no Postfach at all
        return bool(request.user.is_active and request.user.is_superuser)


@admin.register(FetchReceipt)
class FetchReceiptAdmin(ReadOnly, admin.ModelAdmin[FetchReceipt]):
    list_display = ["message", "opened_at", "opened_by_user_id"]
    readonly_fields = ["message", "opened_at", "opened_by_user_id"]


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnly, admin.ModelAdmin[StatusChange]):
    list_display = ["submission", "step_key", "changed_at"]
    readonly_fields = ["submission", "step_key", "changed_at"]


class StepInline(admin.TabularInline[Step, StepSequence]):
    model = Step
    ordering = ["position"]

    def get_extra(
        self, request: HttpRequest, obj: StepSequence | None = None, **kwargs: Any
    ) -> int:
        return len(DEFAULT_STEPS) if obj is None else 1


@admin.register(StepSequence)
class StepSequenceAdmin(admin.ModelAdmin[StepSequence]):
    list_display = ["service"]
    search_fields = ["service__name", "service__leika_key"]
    autocomplete_fields = ["service"]
    inlines = [StepInline]

    def get_formset_kwargs(
        self, request: HttpRequest, obj: Any, inline: Any, prefix: str
    ) -> dict[str, Any]:
        """A new sequence starts as a copy of the default one, to adapt rather than type."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if obj is None or obj.pk is None:
            kwargs["initial"] = [
                {
                    "position": index * 10,
                    "key": step.key,
                    "label_de": _german(step.label),
                    "label_en": _english(step.label),
                    "optional": step.optional,
                }
                for index, step in enumerate(DEFAULT_STEPS, start=1)
            ]
        return kwargs


def _german(text: Any) -> str:
    with override("de"):
        return str(text)


def _english(text: Any) -> str:
    with override("en"):
        return str(text)
