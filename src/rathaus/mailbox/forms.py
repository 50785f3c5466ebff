"""The answer form under a question: text, and files the upload handler already limited."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.mailbox.services import ANSWER_MAX


class AnswerForm(forms.Form):
    """Only the text is bound here; the files come through `LimitedUploadHandler` and the
    Postfach services, and their problems are added to `dateien` so the error summary and
    the field show them like any other."""

    antwort = forms.CharField(
        label=_("Ihre Antwort"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Bitte schreiben Sie Ihre Antwort."),
            "max_length": _("Ihre Antwort darf höchstens %(limit_value)d Zeichen lang sein."),
        },
    )
    dateien = forms.Field(label=_("Dateien (freiwillig)"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "feld-%s")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
