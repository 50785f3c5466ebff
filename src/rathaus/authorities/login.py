"""The staff login: password and the 6-digit TOTP code on one form, for every staff account.

django-otp checks the code (`OTPAuthenticationFormMixin`) and keeps the verified device in
the session; its `OTPAdminSite` lets only verified sessions in. A wrong code, and a login of
an account without a device, count as failures towards the django-axes lockout.
"""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite
from django_otp.forms import OTPAuthenticationFormMixin

from rathaus.authorities.lockout import login_failure_record
from rathaus.authorities.selectors import staff_device

logger = logging.getLogger(__name__)


class StaffLoginForm(AdminAuthenticationForm, OTPAuthenticationFormMixin):  # type: ignore[misc]
    """Username, password and code; the account's own TOTP device checks the code."""

    # chosen here from the account, never taken from the browser
    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        label=_("Sicherheitscode"),
        required=False,
        max_length=8,
        help_text=_("Die 6 Ziffern, die Ihre Authenticator-App gerade für Rathaus anzeigt."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "aria-describedby": "id_otp_token_helptext",
            }
        ),
    )
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Bitte geben Sie den Sicherheitscode aus Ihrer Authenticator-App ein."),
        "invalid_token": _(
            "Der Sicherheitscode stimmt nicht. Bitte geben Sie den aktuellen Code ein."
        ),
        "n_failed_attempts": _(
            "Zu viele falsche Sicherheitscodes. Bitte warten Sie einen Moment und versuchen "
            "Sie es erneut."
        ),
        "verification_not_allowed": _(
            "Der Sicherheitscode kann gerade nicht geprüft werden. Bitte versuchen Sie es "
            "gleich erneut."
        ),
    }
    no_device_message = _(
        "Für dieses Konto ist kein zweiter Faktor eingerichtet, daher ist keine Anmeldung "
        "möglich. Bitte wenden Sie sich an die Administration (rathaus staff add)."
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # username, password, active staff account
        user = self.get_user()
        if user is None:  # a field was left empty; its own error says so
            return cleaned
        device = staff_device(user=user)
        try:
            if device is None:
                logger.warning("staff login: account without a TOTP device refused")
                raise forms.ValidationError(self.no_device_message, code="no_device")
            cleaned["otp_device"] = device.persistent_id
            self.clean_otp(user)
        except forms.ValidationError:
            if self.request is not None:
                login_failure_record(request=self.request, username=user.get_username())
            raise
        finally:
            # django-otp would put the password back into the page for the next try
            self.fields["password"].widget.render_value = False
        return cleaned


class StaffAdminSite(OTPAdminSite):  # type: ignore[misc]
    """The admin at /verwaltung/: only sessions verified by a TOTP code get in."""

    login_form = StaffLoginForm
    login_template = "authorities/staff_login.html"
    site_header = _("Rathaus – Verwaltung")
    site_title = _("Rathaus – Verwaltung")
    index_title = _("Übersicht")

    def __init__(self, name: str = "admin") -> None:
        # the URL namespace stays "admin" (django-otp's default would be "otpadmin")
        super().__init__(name)
