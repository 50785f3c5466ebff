"""The OIDC callback's checks before the ID token: which open login the `state` names, that
this browser started it, and what the provider answered (an error or a code).

The state, nonce and PKCE verifier live with the open LoginRequest in the database (single
use, 30 minutes, like the SAML requests). The state is also remembered in the session that
started the login, so that a callback carried into another browser (login CSRF: someone
else's code in my browser) is refused; the callback is a top-level GET, so the SameSite=Lax
session cookie comes along.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

from rathaus.identity.assertions import LoginRefused
from rathaus.identity.models import LoginProtocol, LoginRequest
from rathaus.identity.oidc import tokens_fetch
from rathaus.identity.selectors import login_request_open, login_request_used

SESSION_OIDC_STATES = "identity_oidc_states"
# logins started in several tabs at once; older ones drop out of the session
OPEN_STATES_PER_SESSION = 5


def state_bind(session: SessionBase, state: str) -> None:
    """Remember that this browser session started the login with `state`."""
    states = [item for item in session.get(SESSION_OIDC_STATES, []) if item != state]
    session[SESSION_OIDC_STATES] = [*states, state][-OPEN_STATES_PER_SESSION:]


def state_release(session: SessionBase, state: str) -> None:
    """Forget a state whose login is done."""
    states = session.get(SESSION_OIDC_STATES, [])
    session[SESSION_OIDC_STATES] = [item for item in states if item != state]


def oidc_request_for_callback(session: SessionBase, state: str) -> LoginRequest:
    """The open login request the callback's state names; LoginRefused otherwise."""
    login_request = (
        login_request_open(request_id=state, protocol=LoginProtocol.OIDC) if state else None
    )
    if login_request is None:
        if state and login_request_used(request_id=state):
            raise LoginRefused("replay", "the state of a completed login came again")
        raise LoginRefused("unknown_request", f"no open OIDC request {state[:100]!r}")
    if state not in session.get(SESSION_OIDC_STATES, []):
        raise LoginRefused("foreign_browser", "the state was not issued to this browser session")
    return login_request


def oidc_tokens_for_callback(
    params: Mapping[str, str], login_request: LoginRequest
) -> dict[str, Any]:
    """The provider's error as a refusal, or the tokens its code is worth."""
    error = params.get("error", "")
    if error:
        reason = "cancelled" if error == "access_denied" else "provider_error"
        description = params.get("error_description", "")[:200]
        raise LoginRefused(reason, f"{error[:100]}: {description}")
    # RFC 9207: a provider that names itself in the answer must be the one we asked
    issuer = params.get("iss")
    if issuer is not None and issuer != settings.RATHAUS_OIDC_ISSUER:
        raise LoginRefused("issuer", f"answer from issuer {issuer[:200]!r}")
    code = params.get("code", "")
    if not code:
        raise LoginRefused("invalid", "the callback carries no code")
    return tokens_fetch(code=code, code_verifier=login_request.code_verifier)
