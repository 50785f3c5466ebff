"""The OIDC side of the development IdP: discovery, JWKS, the authorization code flow with
PKCE (S256) and RS256-signed ID tokens (joserfc). Pure Python without Django.

One client (id, secret, allowed redirect URIs from the command line). With `--test-faults`
the person choice page offers wrong answers for the refusal tests: a wrong nonce, audience
or issuer, an expired token, a signature by another key, no bPK2.
"""

from __future__ import annotations

import base64
import hmac
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core.util import create_half_hash
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from rathaus.identity.trust import TrustLevel, trust_level_from_stork

# the client secret may come in the environment instead of the (visible) command line
CLIENT_SECRET_VARIABLE = "RATHAUS_DEVIDP_OIDC_CLIENT_SECRET"  # noqa: S105 (a variable's name)
CODE_SECONDS = 60
TOKEN_SECONDS = 300
FAULTS = {
    "nonce": "falsche Nonce",
    "audience": "für einen anderen Client (aud)",
    "issuer": "von einem anderen Aussteller (iss)",
    "expired": "abgelaufenes ID-Token",
    "signature": "mit einem fremden Schlüssel signiert",
    "no_bpk2": "ohne bPK2",
}
# BundID attributes that have a standard OIDC claim; the others pass through by their name
_STANDARD_CLAIMS = {
    "givenname": "given_name",
    "surname": "family_name",
    "mail": "email",
    "birthdate": "birthdate",
}
_ADDRESS_CLAIMS = {
    "postalAddress": "street_address",
    "postalCode": "postal_code",
    "localityName": "locality",
    "country": "country",
}


@dataclass(frozen=True)
class OidcClient:
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]


class AuthorizationError(Exception):
    """Unknown client or redirect URI: shown as a page, never sent to that address."""


class RedirectError(Exception):
    """An error the client learns at its redirect URI (RFC 6749 4.1.2.1)."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.error = error
        self.description = description


@dataclass(frozen=True)
class Authorization:
    """An accepted authorization request."""

    params: dict[str, str]
    redirect_uri: str
    code_challenge: str
    requested_level: TrustLevel


@dataclass(frozen=True)
class IssuedCode:
    authorization: Authorization
    person: dict[str, str]
    level: TrustLevel
    fault: str
    expires_at: float


class OidcProvider:
    """The provider's state: its signing key, the client, the codes not yet used."""

    def __init__(
        self, *, issuer: str, client: OidcClient | None, key_file: Path, test_faults: bool
    ) -> None:
        self.issuer = issuer
        self.client = client
        self.test_faults = test_faults
        self.key = RSAKey.import_key(key_file.read_bytes(), {"use": "sig", "alg": "RS256"})
        self.key.ensure_kid()
        self._codes: dict[str, IssuedCode] = {}
        self._lock = threading.Lock()

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/oidc/authorize",
            "token_endpoint": f"{self.issuer}/oidc/token",
            "jwks_uri": f"{self.issuer}/oidc/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile", "email", "address"],
            "acr_values_supported": [level.stork for level in TrustLevel],
            "claims_supported": ["sub", "acr", "bpk2", *_STANDARD_CLAIMS.values(), "address"],
            "authorization_response_iss_parameter_supported": True,
        }

    def jwks(self) -> dict[str, Any]:
        return dict(KeySet([self.key]).as_dict(private=False))

    def authorization_check(self, params: Mapping[str, str]) -> Authorization:
        """Check an authorization request; the client and redirect URI first (never redirect
        to an address the client did not register)."""
        client = self.client
        if client is None or params.get("client_id") != client.client_id:
            raise AuthorizationError("unbekannter Client")
        redirect_uri = params.get("redirect_uri", "")
        if redirect_uri not in client.redirect_uris:
            raise AuthorizationError("nicht registrierte redirect_uri")
        if params.get("response_type") != "code":
            raise RedirectError("unsupported_response_type", "only the code flow")
        if "openid" not in params.get("scope", "").split():
            raise RedirectError("invalid_scope", "openid is required")
        challenge = params.get("code_challenge", "")
        if params.get("code_challenge_method") != "S256" or len(challenge) < 43:
            raise RedirectError("invalid_request", "PKCE with S256 is required")
        asked = [trust_level_from_stork(item) for item in params.get("acr_values", "").split()]
        known = [level for level in asked if level is not None]
        return Authorization(
            params=dict(params),
            redirect_uri=redirect_uri,
            code_challenge=challenge,
            requested_level=min(known, key=lambda item: item.rank, default=TrustLevel.NIEDRIG),
        )

    def error_redirect(self, params: Mapping[str, str], error: str, description: str) -> str:
        """Back to a checked redirect URI with an error (access_denied when cancelled)."""
        answer = {"error": error, "error_description": description, "iss": self.issuer}
        return self._back(params, answer)

    def code_issue(
        self, authorization: Authorization, person: dict[str, str], level: TrustLevel, fault: str
    ) -> str:
        """A single-use code for the chosen person; the address to send the browser back to."""
        if fault and (not self.test_faults or fault not in FAULTS):
            raise AuthorizationError("Testfehler nur mit --test-faults")
        code = secrets.token_urlsafe(32)
        issued = IssuedCode(authorization, person, level, fault, time.time() + CODE_SECONDS)
        with self._lock:
            self._codes[code] = issued
        return self._back(authorization.params, {"code": code, "iss": self.issuer})

    def _back(self, params: Mapping[str, str], answer: dict[str, str]) -> str:
        if "state" in params:
            answer["state"] = params["state"]
        return str(add_params_to_uri(params["redirect_uri"], list(answer.items())))

    def token(
        self, form: Mapping[str, str], authorization: str | None
    ) -> tuple[int, dict[str, Any]]:
        """The token endpoint: client authentication, grant, code, redirect URI, PKCE."""
        if not self._client_authenticated(form, authorization):
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        with self._lock:  # single use: the code is gone whatever follows
            issued = self._codes.pop(form.get("code", ""), None)
        if issued is None or issued.expires_at < time.time():
            return 400, {"error": "invalid_grant", "error_description": "unknown or used code"}
        if form.get("redirect_uri") != issued.authorization.redirect_uri:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri differs"}
        verifier = form.get("code_verifier", "")
        expected = issued.authorization.code_challenge
        if not verifier or not hmac.compare_digest(create_s256_code_challenge(verifier), expected):
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier wrong"}
        access_token = secrets.token_urlsafe(32)
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": TOKEN_SECONDS,
            "scope": issued.authorization.params.get("scope", "openid"),
            "id_token": self._id_token(issued, access_token),
        }

    def _client_authenticated(self, form: Mapping[str, str], authorization: str | None) -> bool:
        client = self.client
        if client is None:
            return False
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if authorization and authorization.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(authorization[6:], validate=True).decode()
            except (ValueError, UnicodeDecodeError):
                return False
            name, _, password = decoded.partition(":")
            client_id, secret = unquote(name), unquote(password)
        return hmac.compare_digest(client_id.encode(), client.client_id.encode()) and (
            hmac.compare_digest(secret.encode(), client.client_secret.encode())
        )

    def _id_token(self, issued: IssuedCode, access_token: str) -> str:
        assert self.client is not None  # a code exists only for the configured client
        now, fault = int(time.time()), issued.fault
        issued_at = now - 900 if fault == "expired" else now
        nonce = issued.authorization.params.get("nonce")
        claims: dict[str, Any] = {
            "iss": self.issuer + ("/fremd" if fault == "issuer" else ""),
            "sub": f"devidp-{issued.person['id']}",
            "aud": "anderes-portal" if fault == "audience" else self.client.client_id,
            "iat": issued_at,
            "exp": issued_at + TOKEN_SECONDS,
            "auth_time": issued_at,
            "acr": issued.level.stork,
            "at_hash": create_half_hash(access_token, "RS256").decode(),
            **person_claims(issued.person, with_bpk2=fault != "no_bpk2"),
        }
        if nonce:
            claims["nonce"] = f"{nonce}-falsch" if fault == "nonce" else nonce
        key = self.key
        if fault == "signature":  # same key id, other key: only the signature check finds it
            key = RSAKey.generate_key(2048, {"kid": self.key.kid or ""})
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, key)


def person_claims(person: Mapping[str, str], *, with_bpk2: bool) -> dict[str, Any]:
    """A test person's attributes as claims: standard ones where OIDC has them (address as
    its object), BundID's names for the rest, like a Keycloak mapper would pass them on."""
    skip = {"id", "bpk2", *_STANDARD_CLAIMS, *_ADDRESS_CLAIMS}
    claims: dict[str, Any] = {
        key: value for key, value in person.items() if key not in skip and value.strip()
    }
    for key, claim in _STANDARD_CLAIMS.items():
        if person.get(key, "").strip():
            claims[claim] = person[key]
    address = {
        claim: person[key] for key, claim in _ADDRESS_CLAIMS.items() if person.get(key, "").strip()
    }
    if address:
        claims["address"] = address
    if with_bpk2:
        claims["bpk2"] = person["bpk2"]
    return claims
