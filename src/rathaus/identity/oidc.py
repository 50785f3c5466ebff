"""OpenID Connect towards a provider that brokers BundID (e.g. a Land's Keycloak).

authlib writes the protocol messages (the authorization request with PKCE S256, state, nonce
and acr_values; the token request and the client authentication); httpx carries them. The
ID token is checked in oidc_claims.py. Discovery and JWKS are cached like the SAML metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.auth import ClientAuth
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from rathaus.identity.assertions import LoginRefused
from rathaus.identity.trust import TrustLevel, acr_values_for

DISCOVERY_PATH = "/.well-known/openid-configuration"
CACHE_SECONDS = 3600
HTTP_TIMEOUT_SECONDS = 10
# never "none" and never HS*: an ID token must be signed with a key only the provider holds
ASYMMETRIC_ALGORITHMS = (
    *("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"),
    *("ES256", "ES384", "ES512", "EdDSA"),
)
STATE_LENGTH = 43
VERIFIER_LENGTH = 64  # RFC 7636: 43 to 128 unreserved characters


class OidcUnavailable(Exception):
    """The provider is not configured or cannot be reached: login is unavailable."""


@dataclass(frozen=True)
class Provider:
    """What the provider's discovery document says, checked."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    signing_algorithms: tuple[str, ...]
    token_auth_method: str


@dataclass(frozen=True)
class OutgoingAuthorization:
    """Where to send the browser, and the secrets to keep with the open login request."""

    url: str
    state: str
    nonce: str
    code_verifier: str


def callback_url() -> str:
    return settings.RATHAUS_PUBLIC_URL.rstrip("/") + reverse("identity:oidc_callback")


def _fetch_json(url: str) -> dict[str, Any]:
    try:
        response = httpx.get(url, timeout=HTTP_TIMEOUT_SECONDS, follow_redirects=False)
        response.raise_for_status()
        document = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise OidcUnavailable(f"{url} unreadable: {error}") from error
    if not isinstance(document, dict):
        raise OidcUnavailable(f"{url} is not a JSON object")
    return document


def _cached_json(url: str, *, refresh: bool = False) -> dict[str, Any]:
    key = f"rathaus.identity.oidc:{url}"
    cached: dict[str, Any] | None = None if refresh else cache.get(key)
    if cached is None:
        cached = _fetch_json(url)
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def provider() -> Provider:
    """The configured provider from its discovery document (OpenID Connect Discovery 1.0)."""
    issuer = settings.RATHAUS_OIDC_ISSUER
    if not issuer or not settings.RATHAUS_OIDC_CLIENT_ID:
        raise OidcUnavailable("RATHAUS_OIDC_ISSUER or RATHAUS_OIDC_CLIENT_ID is not set")
    if settings.RATHAUS_ENV == "production" and not issuer.startswith("https://"):
        raise OidcUnavailable("RATHAUS_OIDC_ISSUER must be an https:// address in production")
    document = _cached_json(issuer + DISCOVERY_PATH)
    # Discovery 4.3: the document must name exactly the issuer it was fetched for
    if document.get("issuer") != issuer:
        raise OidcUnavailable(f"discovery names issuer {document.get('issuer')!r}, not {issuer}")
    endpoints = [document.get(name) for name in ("authorization_endpoint", "token_endpoint")]
    jwks_uri = document.get("jwks_uri")
    if not all(isinstance(item, str) and item for item in [*endpoints, jwks_uri]):
        raise OidcUnavailable("discovery lacks the authorization, token or jwks endpoint")
    offered = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = tuple(item for item in offered if item in ASYMMETRIC_ALGORITHMS)
    if not algorithms:
        raise OidcUnavailable(f"no asymmetric ID token algorithm offered: {offered}")
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    return Provider(
        issuer=issuer,
        authorization_endpoint=str(endpoints[0]),
        token_endpoint=str(endpoints[1]),
        jwks_uri=str(jwks_uri),
        signing_algorithms=algorithms,
        token_auth_method=(
            "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
        ),
    )


def provider_keys(source: Provider, *, refresh: bool = False) -> KeySet:
    """The provider's signing keys; `refresh` reads them again (a key was rotated in)."""
    document = _cached_json(source.jwks_uri, refresh=refresh)
    try:
        return KeySet.import_key_set(document)  # type: ignore[arg-type]
    except (JoseError, KeyError, TypeError, ValueError) as error:
        raise OidcUnavailable(f"JWKS at {source.jwks_uri} unusable: {error}") from error


def authorization_create(*, level: TrustLevel) -> OutgoingAuthorization:
    """An authorization request (code flow, PKCE S256) asking for at least `level`."""
    source = provider()
    state, nonce = generate_token(STATE_LENGTH), generate_token(STATE_LENGTH)
    code_verifier = generate_token(VERIFIER_LENGTH)
    url = prepare_grant_uri(
        source.authorization_endpoint,
        settings.RATHAUS_OIDC_CLIENT_ID,
        "code",
        redirect_uri=callback_url(),
        scope=" ".join(settings.RATHAUS_OIDC_SCOPES),
        state=state,
        nonce=nonce,
        code_challenge=create_s256_code_challenge(code_verifier),
        code_challenge_method="S256",
        acr_values=acr_values_for(level),
    )
    return OutgoingAuthorization(url=url, state=state, nonce=nonce, code_verifier=code_verifier)


def tokens_fetch(*, code: str, code_verifier: str) -> dict[str, Any]:
    """Trade the code for the tokens (with our client authentication and the PKCE verifier)."""
    source = provider()
    body = prepare_token_request(
        "authorization_code", code=code, redirect_uri=callback_url(), code_verifier=code_verifier
    )
    client = ClientAuth(
        settings.RATHAUS_OIDC_CLIENT_ID,
        settings.RATHAUS_OIDC_CLIENT_SECRET,
        source.token_auth_method,
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    url, headers, body = client.prepare("POST", source.token_endpoint, headers, body)
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=HTTP_TIMEOUT_SECONDS)
    except httpx.HTTPError as error:
        raise OidcUnavailable(f"token endpoint unreachable: {error}") from error
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or response.status_code != 200 or "error" in answer:
        said = answer.get("error") if isinstance(answer, dict) else response.text[:200]
        raise LoginRefused("token", f"token endpoint answered {response.status_code}: {said}")
    if not isinstance(answer.get("id_token"), str):
        raise LoginRefused("token", "the token response carries no ID token")
    return answer
