"""Trust levels (Vertrauensniveau) and the STORK-QAA levels BundID speaks.

BundID's lowest level is the Basisregistrierung (STORK-QAA-Level-1, not eIDAS); we call it
"niedrig". Level-2 is not used by BundID; should it arrive it counts as "niedrig". Over OIDC
the level comes in a claim (`acr` by default) as a STORK-QAA name, an eIDAS LoA URI, or a
value the operator maps (RATHAUS_OIDC_TRUST_VALUES).
"""

from __future__ import annotations

import re
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


_FROM_EIDAS = {
    "http://eidas.europa.eu/LoA/low": TrustLevel.NIEDRIG,
    "http://eidas.europa.eu/LoA/substantial": TrustLevel.SUBSTANZIELL,
    "http://eidas.europa.eu/LoA/high": TrustLevel.HOCH,
}


def trust_level_from_claim(value: object, extra: Mapping[str, str]) -> TrustLevel | None:
    """The trust level an OIDC claim value proves, or None for an unknown value.

    `extra` maps the operator's own claim values to level names and is asked first.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text in extra:
        return _level_named(extra[text])
    # a STORK name may come bare or as the last part of a URI
    stork = {key.lower(): level for key, level in _FROM_STORK.items()}
    tail = re.split(r"[/:#]", text)[-1].lower()
    return stork.get(tail) or _FROM_EIDAS.get(text) or _level_named(text)


def _level_named(name: str) -> TrustLevel | None:
    try:
        return TrustLevel(name.strip().lower())
    except ValueError:
        return None


def acr_values_for(level: TrustLevel) -> str:
    """The `acr_values` asking for `level` or more: the asked level first, then those above."""
    return " ".join(item.stork for item in TrustLevel if item.rank >= level.rank)


def trust_level_parse(value: str | None, default: TrustLevel) -> TrustLevel:
    """A trust level from a query parameter or setting; unknown words give the default."""
    return _level_named(value or "") or default


def session_trust_level(session: Mapping[str, Any]) -> TrustLevel | None:
    """The trust level the session's BundID login proved, or None without such a login."""
    try:
        return TrustLevel(str(session.get(SESSION_KEY, "")))
    except ValueError:
        return None


def trust_level_suffices(proved: TrustLevel | None, needed: TrustLevel) -> bool:
    """True when a login at `proved` may use an offering that needs `needed`."""
    return proved is not None and proved.rank >= needed.rank
