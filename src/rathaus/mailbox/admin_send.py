"""Sending a message, question or decision from the admin (demo and support), through the
same services the back office will use."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from rathaus.authorities.models import Authority
from rathaus.identity.models import Citizen
from rathaus.mailbox.files import IncomingFile, upload_rule
from rathaus.mailbox.models import Message, MessageKind
from rathaus.mailbox.services import (
    MailboxRefused,
    decision_send,
    message_send,
    question_send,
)
from rathaus.submissions.attachments.handler import LimitedUploadHandler
from rathaus.submissions.attachments.services import AttachmentRefused
from rathaus.submissions.models import Submission

FILE_FIELD = "datei"


class SendForm(forms.Form):
    kind = forms.ChoiceField(label=_("Art"), choices=MessageKind.choices)
    recipient = forms.ModelChoiceField(
        label=_("Empfänger"),
        queryset=Citizen.objects.select_related("user").order_by("surname", "given_name"),
    )
    authority = forms.ModelChoiceField(
        label=_("Absender (Behörde)"), queryset=Authority.objects.order_by("name")
    )
    reference = forms.CharField(
        label=_("Aktenzeichen eines Antrags (freiwillig)"), max_length=40, required=False
    )
    subject = forms.CharField(label=_("Betreff"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea)
    answer_due = forms.DateField(
        label=_("Antwort erbeten bis (nur Rückfrage)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    datei = forms.FileField(
        label=_("Datei (bei einem Bescheid: das PDF)"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == MessageKind.QUESTION and not cleaned.get("answer_due"):
            self.add_error("answer_due", _("Eine Rückfrage braucht eine Frist."))
        if kind == MessageKind.DECISION and not cleaned.get("datei"):
            self.add_error("datei", _("Ein Bescheid braucht sein PDF."))
        reference = (cleaned.get("reference") or "").strip()
        recipient = cleaned.get("recipient")
        if reference and recipient is not None:
            cleaned["submission"] = Submission.objects.filter(
                reference=reference, owner_user_id=recipient.user_id
            ).first()
            if cleaned["submission"] is None:
                self.add_error("reference", _("Diese Person hat keinen Antrag mit dem Zeichen."))
        return cleaned


def _send(cleaned: dict[str, Any], upload: UploadedFile[bytes] | None) -> Message:
    incoming = [IncomingFile(upload.name or "datei", upload.read())] if upload else []
    common: dict[str, Any] = {
        "recipient": cleaned["recipient"].user,
        "authority": cleaned["authority"],
        "subject": cleaned["subject"],
        "body": cleaned["body"],
        "submission": cleaned.get("submission"),
    }
    if cleaned["kind"] == MessageKind.DECISION:
        return decision_send(pdf=incoming[0], **common)
    due: date = cleaned.get("answer_due") or date.today()
    if cleaned["kind"] == MessageKind.QUESTION:
        return question_send(answer_due=due, files=incoming, **common)
    return message_send(files=incoming, **common)


def send_view(model_admin: admin.ModelAdmin[Message]) -> Any:
    """The admin page with the send form (files kept in memory within the upload limits)."""

    @csrf_exempt  # checked below, once the upload handler is in place
    def view(request: HttpRequest) -> HttpResponse:
        if not request.user.is_superuser:  # like reading the Postfach: superusers only
            raise PermissionDenied
        if request.method == "POST":
            handler = LimitedUploadHandler(request, {FILE_FIELD: upload_rule()})
            request.upload_handlers = [handler]
            return csrf_protect(_take)(request, model_admin, handler)
        return _page(request, model_admin, SendForm())

    return model_admin.admin_site.admin_view(view)


def _take(
    request: HttpRequest, model_admin: admin.ModelAdmin[Message], handler: LimitedUploadHandler
) -> HttpResponse:
    form = SendForm(request.POST, request.FILES)
    for refusal in handler.refusals:
        form.add_error(FILE_FIELD, refusal.message.de)
    if form.is_valid():
        try:
            message = _send(form.cleaned_data, form.cleaned_data.get(FILE_FIELD))
        except (MailboxRefused, AttachmentRefused) as refused:
            form.add_error(None, refused.message.de)
        else:
            messages.success(request, _("Gesendet: %(message)s") % {"message": message})
            return HttpResponseRedirect(reverse("admin:mailbox_message_changelist"))
    return _page(request, model_admin, form)


def _page(
    request: HttpRequest, model_admin: admin.ModelAdmin[Message], form: SendForm
) -> HttpResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Message._meta,
        "title": _("Nachricht ins Postfach senden"),
        "form": form,
    }
    return TemplateResponse(request, "admin/mailbox/send.html", context)
