"""The back office's forms: the worklist's filters, status, notes and questions."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.casework.models import CaseStatus
from rathaus.casework.questions import QUESTION_MAX
from rathaus.casework.services import NOTE_MAX

DATE_WIDGET = forms.DateInput(attrs={"type": "date", "class": "kern-form-input__input"})
TEXT_WIDGET = forms.TextInput(attrs={"class": "kern-form-input__input"})
SELECT_WIDGET = forms.Select(attrs={"class": "kern-form-input__select"})


class WorklistForm(forms.Form):
    """The filters; a value that does not fit is dropped (the list shows unfiltered)."""

    service = forms.TypedChoiceField(
        label=_("Leistung"), required=False, coerce=int, empty_value=None, widget=SELECT_WIDGET
    )
    status = forms.ChoiceField(
        label=_("Stand"),
        required=False,
        choices=[("", _("alle")), *CaseStatus.choices],
        widget=SELECT_WIDGET,
    )
    received_from = forms.DateField(label=_("Eingang ab"), required=False, widget=DATE_WIDGET)
    received_to = forms.DateField(label=_("Eingang bis"), required=False, widget=DATE_WIDGET)
    reference = forms.CharField(
        label=_("Aktenzeichen beginnt mit"), required=False, max_length=40, widget=TEXT_WIDGET
    )
    q = forms.CharField(
        label=_("Suche (Aktenzeichen oder Name)"),
        required=False,
        max_length=100,
        widget=TEXT_WIDGET,
    )

    def __init__(self, *args: object, services: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["service"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("alle")), *services]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Neuer Stand"), choices=CaseStatus.choices)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Interne Notiz"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"class": "kern-form-input__input", "rows": 4}),
        help_text=_("Nur für die Behörde sichtbar, nie für die antragstellende Person."),
    )


def _in_two_weeks() -> date:
    return timezone.localdate() + timedelta(days=14)


class QuestionForm(forms.Form):
    """A question to the applicant: the text and the date by which the answer is wanted."""

    text = forms.CharField(
        label=_("Ihre Frage an die antragstellende Person"),
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"class": "kern-form-input__input", "rows": 5}),
        help_text=_("Geht in das Postfach der antragstellenden Person; der Vorgang wartet dann."),
        error_messages={
            "required": _("Bitte schreiben Sie Ihre Frage."),
            "max_length": _("Die Frage darf höchstens %(limit_value)d Zeichen lang sein."),
        },
    )
    answer_due = forms.DateField(
        label=_("Antwort erbeten bis"),
        initial=_in_two_weeks,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "kern-form-input__input"}, format="%Y-%m-%d"
        ),
        error_messages={
            "required": _("Bitte geben Sie an, bis wann die Antwort kommen soll."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an, zum Beispiel 2026-12-31."),
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "frage-%s")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean_answer_due(self) -> date:
        due: date = self.cleaned_data["answer_due"]
        if due < timezone.localdate():
            raise forms.ValidationError(
                _("Die Frist für die Antwort darf nicht in der Vergangenheit liegen.")
            )
        return due
