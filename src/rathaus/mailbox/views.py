"""The citizen's Postfach and status monitor (thin views; login required for all)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from rathaus.forms.web.widgets import size_text
from rathaus.mailbox import selectors
from rathaus.mailbox.files import FIELD, IncomingFile, upload_rule
from rathaus.mailbox.forms import AnswerForm
from rathaus.mailbox.models import MailboxFile, Message, MessageKind
from rathaus.mailbox.services import (
    ANSWER_MAX,
    MailboxRefused,
    message_mark_read,
    message_open,
    question_answer,
)
from rathaus.submissions.attachments import messages as file_messages
from rathaus.submissions.attachments.handler import LimitedUploadHandler
from rathaus.submissions.attachments.services import AttachmentRefused

View = Callable[..., HttpResponse]


def _language() -> str:
    return "en" if (get_language() or "de").startswith("en") else "de"


def login_required(view: View) -> View:
    """Logged-in people only; others go to the BundID login and come back here (a POST
    comes back to the Postfach, since its address takes no GET)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            back = request.get_full_path() if request.method == "GET" else reverse("mailbox:inbox")
            return redirect_to_login(back, login_url=reverse("identity:login"))
        return never_cache(view)(request, *args, **kwargs)

    return wrapper


def _user(request: HttpRequest) -> User:
    """The logged-in account (the views run only behind `login_required`)."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def _own_message(request: HttpRequest, message_id: str) -> Message:
    message = selectors.message_for_user(message_id=message_id, user_id=_user(request).pk)
    if message is None:
        raise Http404
    return message


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The person's messages, newest first, unread ones marked."""
    rows = selectors.messages_for_user(user_id=_user(request).pk)
    return render(request, "mailbox/inbox.html", {"rows": rows})


@require_GET
@login_required
def message_detail(request: HttpRequest, message_id: str) -> HttpResponse:
    """One message; a decision shows its content only after "Bescheid öffnen"."""
    message = _own_message(request, message_id)
    if message.kind != MessageKind.DECISION:
        message_mark_read(message=message)  # reading it is what the person came for
    return render(request, "mailbox/message.html", _detail_context(message, AnswerForm()))


def _detail_context(message: Message, form: AnswerForm) -> dict[str, Any]:
    context: dict[str, Any] = {"message": message, "form": form}
    context["content"] = selectors.message_content(message=message)
    if selectors.decision_unopened(message=message):
        context["unopened"] = True
        return context
    language = _language()
    context["receipt"] = selectors.receipt_of(message=message)
    context["files"] = _sized(selectors.files_of_message(message=message), language)
    if message.kind == MessageKind.QUESTION:
        answer = selectors.answer_of(question=message)
        context["answer"] = answer
        if answer is not None:
            context["answer_text"] = selectors.answer_text(answer=answer)
            context["answer_files"] = _sized(selectors.files_of_answer(answer=answer), language)
        context["answer_max"] = ANSWER_MAX
        rule = upload_rule()
        context["file_hint"] = str(file_messages.HINT_MANY) % {
            "kinds": file_messages.kinds_text(rule.kinds),
            "mb": rule.max_mb,
            "count": rule.max_count,
        }
    return context


def _sized(files: list[MailboxFile], language: str) -> list[tuple[MailboxFile, str]]:
    return [(stored, size_text(stored.size, language)) for stored in files]


@require_POST
@login_required
def message_open_view(request: HttpRequest, message_id: str) -> HttpResponse:
    """ "Bescheid öffnen": records the fetch receipt at the first opening, then shows it."""
    message = _own_message(request, message_id)
    message_open(message=message, user=_user(request))
    return redirect("mailbox:message", message_id=message.pk)


# CSRF is checked only after the upload handler is in place: the check reads the body.
@csrf_exempt
@require_POST
@login_required
def answer(request: HttpRequest, message_id: str) -> HttpResponse:
    """The answer to a question: text and files, once."""
    message = _own_message(request, message_id)
    if message.kind != MessageKind.QUESTION:
        raise Http404
    handler = LimitedUploadHandler(request, {FIELD: upload_rule()})
    request.upload_handlers = [handler]
    return csrf_protect(_take_answer)(request, message, handler)


def _take_answer(
    request: HttpRequest, message: Message, handler: LimitedUploadHandler
) -> HttpResponse:
    if selectors.answer_of(question=message) is not None:  # a second click: one answer
        return redirect("mailbox:message", message_id=message.pk)
    form = AnswerForm(request.POST)
    language = _language()
    for refusal in handler.refusals:
        form.add_error(FIELD, refusal.message.get(language))
    if form.is_valid():
        files = [
            IncomingFile(name=upload.name or "", data=upload.read())
            for upload in request.FILES.getlist(FIELD)
        ]
        try:
            question_answer(
                question=message,
                user=_user(request),
                text=form.cleaned_data["antwort"],
                files=files,
            )
        except AttachmentRefused as refused:
            form.add_error(FIELD, refused.message.get(language))
        except MailboxRefused as refused:
            if refused.reason == "answered":
                return redirect("mailbox:message", message_id=message.pk)
            form.add_error("antwort", refused.message.get(language))
        else:
            return redirect("mailbox:message", message_id=message.pk)
    return render(request, "mailbox/message.html", _detail_context(message, form))


@require_GET
@login_required
def file_download(request: HttpRequest, message_id: str, file_id: str) -> HttpResponse:
    """A file of the person's own message or answer; a decision's only once it is opened."""
    message = _own_message(request, message_id)
    stored = selectors.file_of_message(message=message, file_id=file_id)
    if stored is None:
        raise Http404
    if selectors.decision_unopened(message=message):  # no way round the fetch receipt
        return redirect("mailbox:message", message_id=message.pk)
    response = HttpResponse(selectors.file_content(stored=stored), content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition_header(True, stored.name)
    return response


@require_GET
@login_required
def status(request: HttpRequest) -> HttpResponse:
    """The status monitor: every application of the person with its steps."""
    items = selectors.status_for_user(user_id=_user(request).pk)
    return render(request, "mailbox/status.html", {"items": items})
