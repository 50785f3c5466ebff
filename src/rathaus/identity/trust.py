"""Trust levels (Vertrauensniveau) and the STORK-QAA levels BundID speaks.

BundID's lowest level is the Basisregistrierung (STORK-QAA-Level-1, not eIDAS); we call it
"niedrig". Level-2 is not used by BundID; should it arrive it counts as "niedrig".
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# where a login keeps the trust level it proved, for the length of the session
SESSION_KEY = "identity_trust_level"


class TrustLevel(StrEnum):
    NIEDRIG = "niedrig"
    SUBSTANZIELL = "substanziell"
    HOCH = "hoch"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> Promise:
        """The level's name for people (translated)."""
        return _LABELS[self]

    @property
    def stork(self) -> str:
        """The STORK-QAA class reference that asks for (or proves) this level."""
        return _STORK[self]


_RANK = {TrustLevel.NIEDRIG: 1, TrustLevel.SUBSTANZIELL: 2, TrustLevel.HOCH: 3}
_LABELS = {
    TrustLevel.NIEDRIG: _("niedrig (Basisregistrierung)"),
    TrustLevel.SUBSTANZIELL: _("substanziell"),
    TrustLevel.HOCH: _("hoch"),
}
_STORK = {
    TrustLevel.NIEDRIG: "STORK-QAA-Level-1",
    TrustLevel.SUBSTANZIELL: "STORK-QAA-Level-3",
    TrustLevel.HOCH: "STORK-QAA-Level-4",
}
_FROM_STORK = {
    "STORK-QAA-Level-1": TrustLevel.NIEDRIG,
    "STORK-QAA-Level-2": TrustLevel.NIEDRIG,
    "STORK-QAA-Level-3": TrustLevel.SUBSTANZIELL,
    "STORK-QAA-Level-4": TrustLevel.HOCH,
}


def trust_level_from_stork(class_ref: str) -> TrustLevel | None:
    """The trust level an AuthnContextClassRef proves, or None for an unknown reference."""
    return _FROM_STORK.get(class_ref.strip())


def trust_level_parse(value: str | None, default: TrustLevel) -> TrustLevel:
    """A trust level from a query parameter or setting; unknown words give the default."""
    try:
        return TrustLevel((value or "").strip().lower())
    except ValueError:
        return default


def session_trust_level(session: Mapping[str, Any]) -> TrustLevel | None:
    """The trust level the session's BundID login proved, or None without such a login."""
    try:
        return TrustLevel(str(session.get(SESSION_KEY, "")))
    except ValueError:
        return None


def trust_level_suffices(proved: TrustLevel | None, needed: TrustLevel) -> bool:
    """True when a login at `proved` may use an offering that needs `needed`."""
    return proved is not None and proved.rank >= needed.rank
