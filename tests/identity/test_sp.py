"""What the SP publishes and sends: metadata and the signed AuthnRequest."""

from __future__ import annotations

import base64

import pytest
from django.test import Client, override_settings
from lxml import etree

from tests.identity.conftest import form_fields

pytestmark = pytest.mark.django_db
NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "akdb": "https://www.akdb.de/request/2018/09",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}


def test_the_metadata_names_the_acs_and_the_signing_certificate(saml_settings: None) -> None:
    response = Client().get("/anmelden/saml/metadata/")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert root.get("entityID") == "http://testserver/anmelden/saml/metadata/"
    assert b"http://testserver/anmelden/saml/acs/" in response.content
    assert b"X509Certificate" in response.content


def test_the_authn_request_is_signed_and_asks_like_bundid_expects(saml_settings: None) -> None:
    page = Client().get("/anmelden/?niveau=substanziell").content.decode()
    _action, fields = form_fields(page)
    request = etree.fromstring(base64.b64decode(fields["SAMLRequest"]))
    assert request.get("ProtocolBinding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    assert request.find("ds:Signature", NS) is not None
    context = request.find("samlp:RequestedAuthnContext", NS)
    assert context.get("Comparison") == "minimum"
    assert context.findtext("saml:AuthnContextClassRef", namespaces=NS) == "STORK-QAA-Level-3"
    names = request.xpath("//akdb:RequestedAttribute/@Name", namespaces=NS)
    assert "urn:oid:1.3.6.1.4.1.25484.494450.3" in names  # bPK2
    assert "urn:oid:0.9.2342.19200300.100.1.40" in names  # the definitions' stray space is gone


def test_login_says_so_when_no_idp_is_configured() -> None:
    with override_settings(RATHAUS_SAML_IDP_METADATA=""):
        response = Client().get("/anmelden/")
    assert response.status_code == 503
    assert "Die Anmeldung ist gerade nicht möglich" in response.content.decode()


def test_the_login_page_may_post_only_to_the_idp_and_runs_no_inline_script(
    saml_settings: None,
) -> None:
    response = Client().get("/anmelden/")
    action, _fields = form_fields(response.content.decode())
    idp_origin = "/".join(action.split("/")[:3])
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["form-action"].split() == ["'self'", idp_origin]
    assert "unsafe-inline" not in policy.get("script-src", "")
    assert "<script>" not in response.content.decode()  # the auto-submit is a static file
    assert "data-autosubmit" in response.content.decode()
