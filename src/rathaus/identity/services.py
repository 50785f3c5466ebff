"""Writes of the identity app: open login requests, replay records, citizens."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from rathaus.identity.assertions import LoginRefused, VerifiedLogin
from rathaus.identity.models import (
    Citizen,
    ConsentScope,
    ConsumedAssertion,
    LoginProtocol,
    LoginRequest,
    PrefillConsent,
)
from rathaus.identity.selectors import LOGIN_REQUEST_MINUTES
from rathaus.identity.trust import TrustLevel

logger = logging.getLogger(__name__)

# attribute key (bundid definitions) → Citizen field
_CITIZEN_FIELDS = {
    "givenname": "given_name",
    "surname": "surname",
    "birthName": "birth_name",
    "personalTitle": "personal_title",
    "birthdate": "birthdate",
    "placeOfBirth": "place_of_birth",
    "mail": "email",
    "postalAddress": "postal_address",
    "postalCode": "postal_code",
    "localityName": "locality",
    "country": "country",
}


def login_request_create(
    *,
    request_id: str,
    next_url: str,
    level: TrustLevel,
    protocol: str = LoginProtocol.SAML,
    nonce: str = "",
    code_verifier: str = "",
) -> LoginRequest:
    """Remember a sent login request so that only its answer is accepted, once."""
    stale = timezone.now() - timedelta(minutes=LOGIN_REQUEST_MINUTES)
    LoginRequest.objects.filter(created_at__lt=stale).delete()
    return LoginRequest.objects.create(
        request_id=request_id,
        protocol=protocol,
        next_url=next_url,
        trust_level=level.value,
        nonce=nonce,
        code_verifier=code_verifier,
    )


def assertion_consume(*, login: VerifiedLogin) -> None:
    """Record the assertion as used; raise LoginRefused("replay") if it was used before."""
    ConsumedAssertion.objects.filter(not_on_or_after__lt=timezone.now()).delete()
    try:
        with transaction.atomic():
            ConsumedAssertion.objects.create(
                assertion_id=login.assertion_id, not_on_or_after=login.not_on_or_after
            )
    except IntegrityError:
        raise LoginRefused("replay", f"assertion {login.assertion_id} used before") from None


@transaction.atomic
def citizen_login(*, login: VerifiedLogin, login_request: LoginRequest) -> Citizen:
    """Use the assertion (SAML) or state (OIDC) once, close the request and create or update
    the citizen."""
    assertion_consume(login=login)
    LoginRequest.objects.filter(pk=login_request.pk).delete()
    citizen = Citizen.objects.select_for_update().filter(bpk2=login.bpk2).first()
    if citizen is None:
        citizen = Citizen(bpk2=login.bpk2, user=_user_create(bpk2=login.bpk2))
        logger.info("identity: first login of a BundID person, citizen created")
    for key, field_name in _CITIZEN_FIELDS.items():
        # an over-long value is cut rather than failing the whole login in the database
        limit = getattr(Citizen._meta.get_field(field_name), "max_length", None)
        setattr(citizen, field_name, login.attributes.get(key, "")[:limit])
    citizen.last_trust_level = login.trust_level.value
    citizen.last_login_at = timezone.now()
    citizen.save()
    return citizen


@transaction.atomic
def citizen_register(
    *, bpk2: str, given_name: str, surname: str, email: str, level: TrustLevel
) -> Citizen:
    """A citizen known before their first login (demo data); their login finds this one.

    BundID's attributes replace these at every login; an existing citizen is returned as is.
    """
    citizen = Citizen.objects.select_for_update().filter(bpk2=bpk2).first()
    if citizen is not None:
        return citizen
    return Citizen.objects.create(
        bpk2=bpk2,
        user=_user_create(bpk2=bpk2),
        given_name=given_name,
        surname=surname,
        email=email,
        last_trust_level=level.value,
    )


def _user_create(*, bpk2: str) -> User:
    """A password-less account: a citizen logs in only through BundID."""
    # the bPK2 itself stays out of the user name, which shows up in lists and logs
    digest = hashlib.sha256(bpk2.encode("utf-8")).hexdigest()[:24]
    user = User(username=f"bundid-{digest}")
    user.set_unusable_password()
    user.save()
    return user


def consent_record(
    *,
    citizen: Citizen,
    granted: bool,
    attributes: list[str],
    form_key: str = "",
    form_title: str = "",
) -> PrefillConsent:
    """Record a yes or no to filling forms from login data: for one form, or (without a
    form) for all of them until withdrawn. Earlier rows stay as they were."""
    scope = ConsentScope.FORM if form_key else ConsentScope.ALWAYS
    consent = PrefillConsent.objects.create(
        citizen=citizen,
        scope=scope,
        form_key=form_key[:64],
        form_title=form_title[:300],
        granted=granted,
        attributes=sorted(set(attributes)),
    )
    logger.info("identity: prefill consent scope=%s granted=%s", scope, granted)
    return consent
