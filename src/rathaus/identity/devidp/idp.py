"""The SAML side of the development IdP: pysaml2's IdP server, keys, persons, responses."""

from __future__ import annotations

import base64
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from saml2 import BINDING_HTTP_POST
from saml2.attribute_converter import AttributeConverter
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

from rathaus.identity.attributes import attribute_definitions_load
from rathaus.identity.keys import key_pair_ensure
from rathaus.identity.trust import TrustLevel

USERS_FILE = Path("bundid") / "bundid_simulator_test_users.yml"


@dataclass(frozen=True)
class IdpSettings:
    base_url: str
    state_dir: Path
    data_dir: Path
    sp_metadata: list[str]
    assertion_lifetime_seconds: int


@dataclass(frozen=True)
class ParsedRequest:
    request_id: str
    sp_entity_id: str
    acs_url: str
    requested_level: TrustLevel


def test_persons_load(data_dir: Path) -> list[dict[str, str]]:
    """The simulator's fictitious persons, each a dict of BundID attribute keys."""
    document = yaml.safe_load((data_dir / USERS_FILE).read_text(encoding="utf-8"))
    return [{key: str(value) for key, value in user.items()} for user in document["users"]]


def _converter(data_dir: Path) -> AttributeConverter:
    """Our attribute keys ↔ BundID OIDs (name format URI), from the definitions file."""
    definitions = attribute_definitions_load(data_dir)
    converter = AttributeConverter(NAME_FORMAT_URI)
    converter.from_dict(
        {
            "identifier": NAME_FORMAT_URI,
            "to": {item.key: item.oid for item in definitions},
            "fro": {item.oid: item.key for item in definitions},
        }
    )
    return converter


def idp_server(conf: IdpSettings) -> Server:
    """pysaml2's IdP with generated keys, knowing the SPs whose metadata it was given."""
    pair = key_pair_ensure(directory=conf.state_dir / "keys", common_name="Rathaus dev IdP")
    local = [source for source in conf.sp_metadata if not source.startswith("http")]
    remote = [{"url": source} for source in conf.sp_metadata if source.startswith("http")]
    idp_service: dict[str, Any] = {
        "endpoints": {"single_sign_on_service": [(f"{conf.base_url}/sso", BINDING_HTTP_POST)]},
        "want_authn_requests_signed": True,
        "sign_assertion": True,
        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
        "policy": {
            "default": {
                "lifetime": {"seconds": conf.assertion_lifetime_seconds},
                "name_form": NAME_FORMAT_URI,
            }
        },
    }
    config = IdPConfig()
    config.load(
        {
            "entityid": f"{conf.base_url}/metadata",
            "xmlsec_binary": shutil.which("xmlsec1"),
            "key_file": str(pair.key_file),
            "cert_file": str(pair.cert_file),
            "metadata": {"local": local, "remote": remote},
            "service": {"idp": idp_service},
        }
    )
    config.attribute_converters = [_converter(conf.data_dir)]
    return Server(config=config)


def idp_metadata_xml(server: Server) -> str:
    metadata: bytes | str = create_metadata_string(
        None, config=server.config, valid=None, sign=False
    )
    return metadata.decode() if isinstance(metadata, bytes) else metadata


def authn_request_parse(server: Server, saml_request: str) -> ParsedRequest:
    """Verify the AuthnRequest's signature against the SP metadata and read what it asks."""
    request = server.parse_authn_request(saml_request, BINDING_HTTP_POST)
    if request is None:
        raise ValueError("AuthnRequest could not be read")
    message = request.message
    args = server.response_args(message, [BINDING_HTTP_POST])
    level = TrustLevel.NIEDRIG
    context = message.requested_authn_context
    if context is not None and context.authn_context_class_ref:
        text = context.authn_context_class_ref[0].text or ""
        level = next((item for item in TrustLevel if item.stork == text.strip()), level)
    return ParsedRequest(
        request_id=str(message.id),
        sp_entity_id=str(args["sp_entity_id"]),
        acs_url=str(args["destination"]),
        requested_level=level,
    )


def authn_response_create(
    server: Server, request: ParsedRequest, person: dict[str, str], level: TrustLevel
) -> str:
    """A response with a signed assertion for `person` at `level`, base64 for HTTP-POST."""
    identity = {
        key: [value] for key, value in person.items() if key != "id" and value.strip() != ""
    }
    response = server.create_authn_response(
        identity=identity,
        in_response_to=request.request_id,
        destination=request.acs_url,
        sp_entity_id=request.sp_entity_id,
        name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=person["bpk2"]),
        authn={"class_ref": level.stork, "authn_auth": server.config.entityid},
        sign_assertion=True,
        sign_response=False,
    )
    return base64.b64encode(str(response).encode("utf-8")).decode("ascii")
