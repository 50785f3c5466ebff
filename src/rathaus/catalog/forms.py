"""Query forms of the citizen pages; they only read, so they validate GET parameters."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

PLACE_MAX = 100


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Wonach suchen Sie?"),
        required=True,
        strip=True,
        error_messages={
            "required": _("Bitte geben Sie ein, wonach Sie suchen, zum Beispiel „Personalausweis“.")
        },
    )

    def clean_q(self) -> str:
        text: str = self.cleaned_data["q"]
        limit: int = settings.RATHAUS_SEARCH_MAX_QUERY
        if len(text) > limit:
            raise forms.ValidationError(
                _("Ihre Suche ist zu lang. Bitte verwenden Sie höchstens %(limit)d Zeichen."),
                params={"limit": limit},
                code="too_long",
            )
        return text


class PlaceForm(forms.Form):
    ort = forms.CharField(
        label=_("Postleitzahl oder Name Ihrer Gemeinde"),
        required=True,
        strip=True,
        error_messages={"required": _("Bitte geben Sie Ihre Postleitzahl oder Ihre Gemeinde an.")},
    )

    def clean_ort(self) -> str:
        text: str = self.cleaned_data["ort"]
        if len(text) > PLACE_MAX:
            raise forms.ValidationError(
                _(
                    "Bitte geben Sie nur eine Postleitzahl oder einen Ortsnamen ein "
                    "(höchstens %(limit)d Zeichen)."
                ),
                params={"limit": PLACE_MAX},
                code="too_long",
            )
        return text
