"""Reading BundID's SAML response: every check pysaml2 does, then our own on top.

pysaml2 checks the signature against the IdP metadata, the audience, the destination and
recipient, the validity window (with the configured clock skew) and InResponseTo. We add the
trust level check and map the attributes by OID; replay is checked by the caller in the DB.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from saml2 import BINDING_HTTP_POST

from rathaus.identity.attributes import BPK2, attribute_definitions_load, oid_normalise
from rathaus.identity.sp import saml_time, sp_client
from rathaus.identity.trust import TrustLevel, trust_level_from_stork

logger = logging.getLogger(__name__)
# an assertion without NotOnOrAfter is remembered this long against replay
DEFAULT_REPLAY_WINDOW = timedelta(hours=1)


class LoginRefused(Exception):
    """The response cannot log anyone in; `reason` is a short code for logs and the page."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class VerifiedLogin:
    """What a checked assertion says about the person."""

    assertion_id: str
    not_on_or_after: datetime
    trust_level: TrustLevel
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def bpk2(self) -> str:
        return self.attributes.get(BPK2, "")


_REASONS = {
    "SignatureError": "signature",
    "IncorrectlySigned": "signature",
    "SigverError": "signature",
    "MissingKey": "signature",
    "ResponseLifetimeExceed": "expired",
    "ToEarly": "not_yet_valid",
    "UnsolicitedResponse": "unsolicited",
    "VerificationError": "invalid",
    "StatusError": "idp_status",
}


def _reason_for(error: Exception) -> str:
    for klass in type(error).__mro__:
        if klass.__name__ in _REASONS:
            return _REASONS[klass.__name__]
    text = str(error).lower()
    if "not for me" in text or "audience" in text:
        return "audience"
    if "destination" in text or "recipient" in text:
        return "destination"
    if "expired" in text or "lifetime" in text or "not on or after" in text:
        return "expired"
    return "invalid"


def login_verify(
    *, saml_response: str, request_id: str, requested_level: TrustLevel
) -> VerifiedLogin:
    """Check a base64 SAMLResponse answering `request_id`; raise LoginRefused if anything fails."""
    try:
        response = sp_client().parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding={request_id: "/"}
        )
    except Exception as error:  # pysaml2 raises many unrelated types, plain Exception too
        raise LoginRefused(_reason_for(error), f"{type(error).__name__}: {error}") from error
    if response is None or response.assertion is None:
        raise LoginRefused("invalid", "no assertion")
    assertion = response.assertion
    level = _trust_level(assertion)
    if level.rank < requested_level.rank:
        raise LoginRefused("trust_level", f"{level} below requested {requested_level}")
    attributes = _attributes(assertion)
    if not attributes.get(BPK2):
        raise LoginRefused("no_bpk2", "the assertion carries no bPK2")
    return VerifiedLogin(
        assertion_id=str(assertion.id),
        not_on_or_after=_not_on_or_after(assertion),
        trust_level=level,
        attributes=attributes,
    )


def _trust_level(assertion: Any) -> TrustLevel:
    for statement in assertion.authn_statement:
        reference = statement.authn_context.authn_context_class_ref
        level = trust_level_from_stork(reference.text if reference is not None else "")
        if level is not None:
            return level
    raise LoginRefused("trust_level", "no STORK-QAA level in the assertion")


def _attributes(assertion: Any) -> dict[str, str]:
    """Attribute values keyed by our name, found by OID (unknown OIDs are ignored)."""
    by_oid = {
        item.oid: item.key for item in attribute_definitions_load(Path(settings.RATHAUS_DATA_DIR))
    }
    values: dict[str, str] = {}
    for statement in assertion.attribute_statement:
        for attribute in statement.attribute:
            key = by_oid.get(oid_normalise(attribute.name or ""))
            texts = [value.text for value in attribute.attribute_value if value.text]
            if key and texts:
                values[key] = str(texts[0]).strip()
    return values


def _not_on_or_after(assertion: Any) -> datetime:
    candidates = []
    if assertion.conditions is not None:
        candidates.append(saml_time(assertion.conditions.not_on_or_after))
    for confirmation in assertion.subject.subject_confirmation:
        data = confirmation.subject_confirmation_data
        if data is not None:
            candidates.append(saml_time(data.not_on_or_after))
    known = [moment for moment in candidates if moment is not None]
    return max(known) if known else timezone.now() + DEFAULT_REPLAY_WINDOW
