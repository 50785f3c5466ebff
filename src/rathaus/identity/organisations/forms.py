"""The forms of the organisation pages; every message says what to do."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.identity.organisations.models import OrganisationKind, Role
from rathaus.identity.organisations.services import OrganisationDetails

# a citizen creates businesses and associations; municipalities come from Land staff
CITIZEN_KINDS = [
    (OrganisationKind.BUSINESS.value, OrganisationKind.BUSINESS.label),
    (OrganisationKind.ASSOCIATION.value, OrganisationKind.ASSOCIATION.label),
]


class Radios(forms.RadioSelect):
    """Radio buttons whose field id is the first button's, so the error summary links there."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


def _text(label: Any, max_length: int, required_message: Any = None) -> forms.CharField:
    messages = {"max_length": _("Kürzen Sie die Angabe auf höchstens %(limit_value)d Zeichen")}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required_message is not None,
        error_messages=messages,
    )


class OrganisationForm(forms.Form):
    name = _text(_("Name der Organisation"), 200, _("Geben Sie den Namen der Organisation an"))
    kind = forms.ChoiceField(
        label=_("Art der Organisation"),
        choices=CITIZEN_KINDS,
        widget=Radios,
        error_messages={
            "required": _("Wählen Sie aus, welche Art von Organisation es ist"),
            "invalid_choice": _(
                "Wählen Sie „Unternehmen“ oder „Verein oder andere Körperschaft“. "
                "Gemeinden richtet das Land ein."
            ),
        },
    )
    street = _text(_("Straße und Hausnummer (optional)"), 300)
    postal_code = forms.RegexField(
        label=_("Postleitzahl (optional)"),
        regex=r"^\d{5}$",
        required=False,
        max_length=5,
        error_messages={
            "invalid": _("Geben Sie eine Postleitzahl mit 5 Ziffern an, zum Beispiel 34117"),
            "max_length": _("Geben Sie eine Postleitzahl mit 5 Ziffern an, zum Beispiel 34117"),
        },
    )
    locality = _text(_("Ort (optional)"), 200)
    register_entry = _text(_("Handelsregistereintrag (optional)"), 100)
    tax_number = forms.RegexField(
        label=_("Steuernummer oder Umsatzsteuer-ID (optional)"),
        regex=r"^[A-Za-z0-9][A-Za-z0-9 ./-]*$",
        required=False,
        max_length=30,
        error_messages={
            "invalid": _(
                "Geben Sie die Steuernummer nur mit Ziffern, Buchstaben, Leerzeichen und / an, "
                "zum Beispiel 026 123 45678 oder DE123456789"
            ),
            "max_length": _("Kürzen Sie die Angabe auf höchstens %(limit_value)d Zeichen"),
        },
    )

    def details(self) -> OrganisationDetails:
        """The cleaned answers as what the service takes."""
        data = self.cleaned_data
        return OrganisationDetails(
            name=data["name"],
            kind=data["kind"],
            street=data["street"],
            postal_code=data["postal_code"],
            locality=data["locality"],
            register_entry=data["register_entry"],
            tax_number=data["tax_number"],
        )


_ROLE_MESSAGES = {
    "required": _("Wählen Sie eine Rolle aus"),
    "invalid_choice": _("Wählen Sie eine der angebotenen Rollen aus"),
}


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse der Person"),
        max_length=254,
        error_messages={
            "required": _("Geben Sie die E-Mail-Adresse der Person an, die Sie einladen"),
            "invalid": _(
                "Geben Sie eine E-Mail-Adresse im richtigen Format an, "
                "zum Beispiel name@beispiel.de"
            ),
            "max_length": _("Kürzen Sie die Angabe auf höchstens %(limit_value)d Zeichen"),
        },
    )
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=Role.choices,
        initial=Role.MEMBER,
        widget=Radios,
        error_messages=_ROLE_MESSAGES,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "einladung")
        super().__init__(*args, **kwargs)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices, error_messages=_ROLE_MESSAGES)
