"""Login with BundID: start, SAML assertion consumer and metadata, OIDC callback, logout."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rathaus.identity.assertions import LoginRefused, VerifiedLogin, login_verify
from rathaus.identity.models import Citizen, LoginProtocol
from rathaus.identity.oidc import OidcUnavailable, authorization_create
from rathaus.identity.oidc_callback import (
    oidc_request_for_callback,
    oidc_tokens_for_callback,
    state_bind,
    state_release,
)
from rathaus.identity.oidc_claims import login_verify_oidc
from rathaus.identity.selectors import login_request_open
from rathaus.identity.services import citizen_login, login_request_create
from rathaus.identity.sp import SamlNotConfigured, authn_request_create, sp_metadata_xml
from rathaus.identity.trust import SESSION_KEY, TrustLevel, trust_level_parse

logger = logging.getLogger(__name__)
SESSION_TRUST_LEVEL = SESSION_KEY
# refusals that mean someone forged or reused a message, not a slow or confused browser
_FORBIDDEN_REASONS = {
    *("signature", "audience", "replay", "destination", "unsolicited"),
    *("nonce", "issuer", "foreign_browser"),
}


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """`next` only when it stays on this site; anything else goes to the start page."""
    if not candidate:
        return "/"
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    logger.warning("identity: next address off this site ignored: %r", candidate[:200])
    return "/"


@require_GET
def login_start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the identity provider, by the configured protocol."""
    default = trust_level_parse(settings.RATHAUS_SAML_MIN_TRUST_LEVEL, TrustLevel.NIEDRIG)
    asked = trust_level_parse(request.GET.get("niveau"), default)
    level = asked if asked.rank > default.rank else default
    next_url = _safe_next(request, request.GET.get("next"))
    if settings.RATHAUS_LOGIN_PROTOCOL == "oidc":
        return _oidc_start(request, level=level, next_url=next_url)
    return _saml_start(request, level=level, next_url=next_url)


def _saml_start(request: HttpRequest, *, level: TrustLevel, next_url: str) -> HttpResponse:
    """A signed AuthnRequest through the HTTP-POST binding (a form that sends itself)."""
    try:
        outgoing = authn_request_create(level=level)
    except SamlNotConfigured as error:
        logger.error("identity: BundID login unavailable: %s", error)
        return render(request, "identity/unavailable.html", status=503)
    login_request_create(request_id=outgoing.request_id, next_url=next_url, level=level)
    fields = {"SAMLRequest": outgoing.saml_request, "RelayState": outgoing.request_id}
    response = render(
        request,
        "identity/post_form.html",
        {"action": outgoing.destination, "fields": fields},
    )
    # the form goes to BundID's own site: allow exactly that origin as a form target
    target = urlsplit(outgoing.destination)
    response._csp_update = {"form-action": [f"{target.scheme}://{target.netloc}"]}  # type: ignore[attr-defined]
    return response


def _oidc_start(request: HttpRequest, *, level: TrustLevel, next_url: str) -> HttpResponse:
    """An authorization request (code flow with PKCE); state, nonce and verifier stay here."""
    try:
        outgoing = authorization_create(level=level)
    except OidcUnavailable as error:
        logger.error("identity: OIDC login unavailable: %s", error)
        return render(request, "identity/unavailable.html", status=503)
    login_request_create(
        request_id=outgoing.state,
        protocol=LoginProtocol.OIDC,
        next_url=next_url,
        level=level,
        nonce=outgoing.nonce,
        code_verifier=outgoing.code_verifier,
    )
    state_bind(request.session, outgoing.state)
    return HttpResponseRedirect(outgoing.url)


@csrf_exempt  # BundID posts here from its own site; the signed assertion is the protection
@require_POST
def saml_acs(request: HttpRequest) -> HttpResponse:
    """Check BundID's answer, log the person in and keep the trust level in the session."""
    relay_state = request.POST.get("RelayState", "")
    login_request = login_request_open(request_id=relay_state)
    try:
        if login_request is None:
            raise LoginRefused("unknown_request", f"no open request {relay_state[:100]!r}")
        verified = login_verify(
            saml_response=request.POST.get("SAMLResponse", ""),
            request_id=login_request.request_id,
            requested_level=TrustLevel(login_request.trust_level),
        )
        citizen = citizen_login(login=verified, login_request=login_request)
    except LoginRefused as refusal:
        return _refused(request, refusal)
    return _logged_in(request, citizen=citizen, verified=verified, next_url=login_request.next_url)


@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Check the provider's answer (state, code, ID token) and log the person in."""
    state = request.GET.get("state", "")
    try:
        login_request = oidc_request_for_callback(request.session, state)
        verified = login_verify_oidc(
            tokens=oidc_tokens_for_callback(request.GET, login_request), login_request=login_request
        )
        citizen = citizen_login(login=verified, login_request=login_request)
    except LoginRefused as refusal:
        return _refused(request, refusal)
    except OidcUnavailable as error:
        logger.error("identity: OIDC login unavailable: %s", error)
        return render(request, "identity/unavailable.html", status=503)
    state_release(request.session, state)
    return _logged_in(request, citizen=citizen, verified=verified, next_url=login_request.next_url)


def _logged_in(
    request: HttpRequest, *, citizen: Citizen, verified: VerifiedLogin, next_url: str
) -> HttpResponse:
    """A new session key for the person (login() rotates it) with this login's trust level."""
    login(request, citizen.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_TRUST_LEVEL] = verified.trust_level.value
    logger.info("identity: login at trust level %s", verified.trust_level.value)
    return HttpResponseRedirect(next_url or "/")


def _refused(request: HttpRequest, refusal: LoginRefused) -> HttpResponse:
    logger.warning("identity: login refused reason=%s detail=%s", refusal.reason, refusal.detail)
    status = 403 if refusal.reason in _FORBIDDEN_REASONS else 400
    return render(request, "identity/refused.html", {"reason": refusal.reason}, status=status)


@require_GET
def saml_metadata(request: HttpRequest) -> HttpResponse:
    """This SP's SAML metadata, for the registration with BundID."""
    return HttpResponse(sp_metadata_xml(), content_type="application/samlmetadata+xml")


@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    """Ask before ending the session (a GET must change nothing), end it on POST."""
    if request.method == "POST":
        logout(request)
        return HttpResponseRedirect("/")
    return render(request, "identity/logout.html")
