"""The SAML service provider towards BundID, built on pysaml2 (signatures by xmlsec1)."""

from __future__ import annotations

import base64
import shutil
from calendar import timegm
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from saml2 import BINDING_HTTP_POST, ExtensionElement, samlp
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_UNSPECIFIED, AuthnContextClassRef
from saml2.time_util import str_to_time

from rathaus.identity.attributes import BPK2, attribute_definitions_load
from rathaus.identity.keys import KeyPair, key_pair_ensure
from rathaus.identity.trust import TrustLevel

AKDB_NS = "https://www.akdb.de/request/2018/09"
METADATA_CACHE_SECONDS = 3600
METADATA_TIMEOUT_SECONDS = 10


class SamlNotConfigured(Exception):
    """No IdP metadata is configured or it cannot be read: login is unavailable."""


@dataclass(frozen=True)
class OutgoingRequest:
    """A signed AuthnRequest ready for the HTTP-POST binding."""

    request_id: str
    destination: str
    saml_request: str  # base64 of the signed XML


def sp_entity_id() -> str:
    return settings.RATHAUS_SAML_SP_ENTITY_ID or _absolute("identity:saml_metadata")


def acs_url() -> str:
    return _absolute("identity:saml_acs")


def _absolute(view_name: str) -> str:
    return settings.RATHAUS_PUBLIC_URL.rstrip("/") + reverse(view_name)


def sp_key_pair() -> KeyPair:
    """The SP's signing key: configured paths, or a generated pair outside production."""
    pair = KeyPair(
        key_file=Path(settings.RATHAUS_SAML_SP_KEY), cert_file=Path(settings.RATHAUS_SAML_SP_CERT)
    )
    if pair.key_file.exists() and pair.cert_file.exists():
        return pair
    if settings.RATHAUS_ENV == "production":
        raise ImproperlyConfigured(
            "RATHAUS_SAML_SP_KEY/RATHAUS_SAML_SP_CERT fehlen: in Produktion sind eigene Schlüssel "
            "Pflicht. / The SAML SP key and certificate are missing (docs/operations.md)."
        )
    generated = key_pair_ensure(directory=pair.key_file.parent, common_name="Rathaus SP (demo)")
    generated.key_file.replace(pair.key_file)
    generated.cert_file.replace(pair.cert_file)
    return pair


def _idp_metadata_xml() -> str:
    source = settings.RATHAUS_SAML_IDP_METADATA
    if not source:
        raise SamlNotConfigured("RATHAUS_SAML_IDP_METADATA is not set")
    cache_key = f"rathaus.identity.idp_metadata:{source}"
    cached: str | None = cache.get(cache_key)
    if cached:
        return cached
    try:
        if source.startswith(("https://", "http://")):
            response = httpx.get(source, timeout=METADATA_TIMEOUT_SECONDS)
            response.raise_for_status()
            xml = response.text
        else:
            xml = Path(source).read_text(encoding="utf-8")
    except (httpx.HTTPError, OSError) as error:
        raise SamlNotConfigured(f"IdP metadata unreadable at {source}: {error}") from error
    cache.set(cache_key, xml, METADATA_CACHE_SECONDS)
    return xml


def _sp_config(*, with_idp: bool = True) -> SPConfig:
    # read first: without an IdP there is nothing to sign for, so no key is generated
    idp_metadata = _idp_metadata_xml() if with_idp else None
    pair = sp_key_pair()
    keys = {"key_file": str(pair.key_file), "cert_file": str(pair.cert_file)}
    service: dict[str, Any] = {
        "endpoints": {"assertion_consumer_service": [(acs_url(), BINDING_HTTP_POST)]},
        "authn_requests_signed": True,
        "want_assertions_signed": True,
        "want_response_signed": False,
        # only answers to our own, still open requests are taken (no IdP-initiated login)
        "allow_unsolicited": False,
        "name_id_format": NAMEID_FORMAT_UNSPECIFIED,
    }
    config: dict[str, Any] = {
        "entityid": sp_entity_id(),
        "xmlsec_binary": shutil.which("xmlsec1"),
        "accepted_time_diff": settings.RATHAUS_SAML_CLOCK_SKEW_SECONDS,
        "allow_unknown_attributes": True,
        "service": {"sp": service},
        # BundID may encrypt assertions to the SP's certificate
        "encryption_keypairs": [keys],
        **keys,
    }
    if idp_metadata is not None:
        config["metadata"] = {"inline": [idp_metadata]}
    sp_config = SPConfig()
    sp_config.load(config)
    return sp_config


def sp_client() -> Saml2Client:
    return Saml2Client(config=_sp_config())


def sp_metadata_xml() -> str:
    """This SP's metadata (entity id, ACS, signing certificate) for BundID's registration."""
    metadata: bytes | str = create_metadata_string(
        None, config=_sp_config(with_idp=False), valid=None, sign=False
    )
    return metadata.decode() if isinstance(metadata, bytes) else metadata


def _akdb_extension() -> samlp.Extensions:
    """BundID's attribute request (AKDB extension, Version 2) for every defined attribute."""
    requested = [
        ExtensionElement(
            "RequestedAttribute",
            namespace=AKDB_NS,
            attributes={"Name": item.oid, "RequiredAttribute": str(item.key == BPK2).lower()},
        )
        for item in attribute_definitions_load(Path(settings.RATHAUS_DATA_DIR))
    ]
    wrapper = ExtensionElement("RequestedAttributes", namespace=AKDB_NS, children=requested)
    root = ExtensionElement(
        "AuthenticationRequest", namespace=AKDB_NS, attributes={"Version": "2"}, children=[wrapper]
    )
    return samlp.Extensions(extension_elements=[root])


def authn_request_create(*, level: TrustLevel) -> OutgoingRequest:
    """A signed AuthnRequest asking BundID for at least `level` and all BundID attributes."""
    client = sp_client()
    _idp_entity_id, destination = _idp_sso_endpoint(client)
    request_id, xml = client.create_authn_request(
        destination,
        binding=BINDING_HTTP_POST,
        sign=True,
        extensions=_akdb_extension(),
        nameid_format=NAMEID_FORMAT_UNSPECIFIED,
        allow_create="false",
        requested_authn_context=samlp.RequestedAuthnContext(
            authn_context_class_ref=[AuthnContextClassRef(text=level.stork)],
            comparison="minimum",
        ),
    )
    encoded = base64.b64encode(str(xml).encode("utf-8")).decode("ascii")
    return OutgoingRequest(request_id=request_id, destination=destination, saml_request=encoded)


def _idp_sso_endpoint(client: Saml2Client) -> tuple[str, str]:
    idps = list(client.metadata.identity_providers())
    if len(idps) != 1:
        raise SamlNotConfigured(f"expected one IdP in the metadata, found {len(idps)}")
    locations = list(client.metadata.single_sign_on_service(idps[0], BINDING_HTTP_POST))
    if not locations:
        raise SamlNotConfigured("the IdP offers no HTTP-POST single sign-on endpoint")
    return idps[0], str(locations[0]["location"])


def saml_time(value: str | None) -> datetime | None:
    """An xs:dateTime from an assertion as an aware datetime (UTC)."""
    if not value:
        return None
    return datetime.fromtimestamp(timegm(str_to_time(value)), tz=UTC)
