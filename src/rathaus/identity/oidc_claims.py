"""Checking the OIDC ID token and reading the person from its claims.

joserfc verifies the signature against the provider's JWKS (asymmetric algorithms only);
authlib's CodeIDToken checks iss, aud and azp, exp and iat (with the clock skew), nonce and
at_hash. On top, like the SAML path: the trust level must reach the requested one and bPK2
must be there. Claims map to the same attribute keys the SAML answer gives, so both
protocols create and update the same Citizen.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from authlib.oidc.core import CodeIDToken
from django.conf import settings
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
)

from rathaus.identity.assertions import LoginRefused, VerifiedLogin
from rathaus.identity.attributes import BPK2, attribute_definitions_load
from rathaus.identity.models import LoginRequest
from rathaus.identity.oidc import Provider, provider, provider_keys
from rathaus.identity.selectors import LOGIN_REQUEST_MINUTES, used_state_key
from rathaus.identity.trust import TrustLevel, trust_level_from_claim

# standard claims (OIDC Core 5.1) → BundID attribute keys
_STANDARD_CLAIMS = {
    "given_name": "givenname",
    "family_name": "surname",
    "email": "mail",
    "birthdate": "birthdate",
}
_ADDRESS_CLAIMS = {
    "street_address": "postalAddress",
    "postal_code": "postalCode",
    "locality": "localityName",
    "country": "country",
}
_CLAIM_REASONS = {
    "nonce": "nonce",
    "aud": "audience",
    "azp": "audience",
    "iss": "issuer",
    "iat": "not_yet_valid",
    "nbf": "not_yet_valid",
}


def login_verify_oidc(*, tokens: Mapping[str, Any], login_request: LoginRequest) -> VerifiedLogin:
    """Check the token response for `login_request`; raise LoginRefused if anything fails."""
    if not login_request.nonce:
        raise LoginRefused("invalid", "the login request has no nonce")
    access_token = tokens.get("access_token")
    claims = id_token_claims(
        id_token=str(tokens["id_token"]),
        nonce=login_request.nonce,
        access_token=access_token if isinstance(access_token, str) else None,
    )
    requested = TrustLevel(login_request.trust_level)
    level = _trust_level(claims)
    if level.rank < requested.rank:
        raise LoginRefused("trust_level", f"{level} below requested {requested}")
    attributes = claims_to_attributes(claims)
    if not attributes.get(BPK2):
        raise LoginRefused("no_bpk2", f"no {settings.RATHAUS_OIDC_BPK2_CLAIM!r} claim")
    return VerifiedLogin(
        # the state stands for this login in the replay records: a second callback is refused
        assertion_id=used_state_key(login_request.request_id),
        not_on_or_after=login_request.created_at + timedelta(minutes=LOGIN_REQUEST_MINUTES),
        trust_level=level,
        attributes=attributes,
    )


def id_token_claims(*, id_token: str, nonce: str, access_token: str | None) -> dict[str, Any]:
    """The ID token's claims once signature and every claim check passed."""
    source = provider()
    token = _decode(id_token, source)
    client_id = settings.RATHAUS_OIDC_CLIENT_ID
    claims = CodeIDToken(
        token.claims,
        token.header,
        {
            "iss": {"essential": True, "value": source.issuer},
            "aud": {"essential": True, "value": client_id},
        },
        {"nonce": nonce, "client_id": client_id, "access_token": access_token},
    )
    try:
        claims.validate(leeway=settings.RATHAUS_OIDC_CLOCK_SKEW_SECONDS)
    except ExpiredTokenError as error:
        raise LoginRefused("expired", str(error)) from error
    except ClaimError as error:
        reason = _CLAIM_REASONS.get(error.claim, "invalid")
        raise LoginRefused(reason, f"{type(error).__name__}: {error}") from error
    return dict(claims)


def _decode(id_token: str, source: Provider) -> jwt.Token:
    """Verify the signature; an unknown key id reads the JWKS once more (key rotation)."""
    for refresh in (False, True):
        keys = provider_keys(source, refresh=refresh)
        try:
            return jwt.decode(id_token, keys, algorithms=list(source.signing_algorithms))
        except InvalidKeyIdError as error:
            if refresh:
                raise LoginRefused("signature", str(error)) from error
        except BadSignatureError as error:
            raise LoginRefused("signature", str(error)) from error
        except (JoseError, ValueError, TypeError) as error:
            raise LoginRefused("invalid", f"{type(error).__name__}: {error}") from error
    raise AssertionError("unreachable")  # pragma: no cover


def _trust_level(claims: Mapping[str, Any]) -> TrustLevel:
    value = claims.get(settings.RATHAUS_OIDC_TRUST_CLAIM)
    level = trust_level_from_claim(value, settings.RATHAUS_OIDC_TRUST_VALUES)
    if level is None:
        raise LoginRefused("trust_level", f"no known trust level in the claim: {value!r}")
    return level


def claims_to_attributes(claims: Mapping[str, Any]) -> dict[str, str]:
    """The person's claims under BundID's attribute keys (as the SAML answer gives them).

    A broker may pass BundID's attributes through under their own names (birthName,
    placeOfBirth, …); the standard claims win where both are present.
    """
    keys = {item.key for item in attribute_definitions_load(Path(settings.RATHAUS_DATA_DIR))}
    values = {key: _text(claims.get(key)) for key in keys - {BPK2}}
    for claim, key in _STANDARD_CLAIMS.items():
        values[key] = _text(claims.get(claim)) or values.get(key, "")
    address = claims.get("address")
    if isinstance(address, Mapping):
        for claim, key in _ADDRESS_CLAIMS.items():
            values[key] = _text(address.get(claim)) or values.get(key, "")
    values[BPK2] = _text(claims.get(settings.RATHAUS_OIDC_BPK2_CLAIM))
    return {key: value for key, value in values.items() if value}


def _text(value: object) -> str:
    """A claim as one line of text; objects, lists and booleans are not attribute values."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return ", ".join(line.strip() for line in str(value).splitlines() if line.strip())
