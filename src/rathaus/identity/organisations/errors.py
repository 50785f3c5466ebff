"""Refusals of the organisation services, each carrying the sentence a person is shown."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class OrganisationRefused(Exception):
    """A request the rules do not allow; nothing was changed."""

    message: Promise = _("Das ist nicht möglich.")

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or str(self.message))


class NotAllowed(OrganisationRefused):
    """Only an owner (Inhaber/Verwaltung) may do this."""

    message = _(
        "Das dürfen nur Personen mit der Rolle „Inhaber/Verwaltung“ dieser Organisation. "
        "Es wurde nichts geändert."
    )


class ReadOnly(NotAllowed):
    """A reader (Lesen) may see an organisation but not act for it."""

    message = _(
        "Mit der Rolle „Lesen“ sehen Sie die Organisation, handeln aber nicht für sie. "
        "Es wurde nichts geändert."
    )


class LastOwner(OrganisationRefused):
    """The organisation would be left without an owner."""

    message = _(
        "Eine Organisation braucht mindestens eine Person mit der Rolle „Inhaber/Verwaltung“. "
        "Geben Sie zuerst einer anderen Person diese Rolle."
    )


class AlreadyMember(OrganisationRefused):
    """The invited address belongs to a member already."""

    message = _("Zu dieser E-Mail-Adresse gibt es schon ein Mitglied der Organisation.")


class AlreadyInvited(OrganisationRefused):
    """An open invitation to the address exists."""

    message = _(
        "An diese E-Mail-Adresse ist schon eine Einladung unterwegs. Ziehen Sie sie zurück, "
        "wenn Sie eine neue schicken möchten."
    )


class InvitationInvalid(OrganisationRefused):
    """The invitation link cannot be used: unknown, expired, used or revoked."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
