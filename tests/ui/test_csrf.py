"""CSRF on every form: a POST without the token is refused on every URL of the site, except
the two endpoints that a signature protects instead (BundID's SAML answer, FIT-Connect's
callbacks; both documented in docs/operations.md) and the REST API's operations under
/api/v1/: they authenticate by the client token in the Authorization header only and never
by a session cookie, so a forged cross-site request carries no credential (CSRF needs an
ambient credential); the public ones only read (GET) and refuse a POST with 405.

A form page checks the token itself, after its upload handler is in place (the check reads
the body); it is tried at a real page so that the check is reached.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.authorities.url_table import Access, Pattern, access_of, sample_path, url_patterns
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

PATTERNS = list(url_patterns())
SIGNED = {entry.key for entry in PATTERNS if access_of(entry) is Access.SIGNED}
# the REST API's operations (django-ninja marks them csrf_exempt): header token, no cookies
API_TOKEN = {entry.key for entry in PATTERNS if access_of(entry) is Access.API}
API_PUBLIC_READ = {"api:search", "api:form_schema"}
API = API_TOKEN | API_PUBLIC_READ
CHECKED_IN_THE_VIEW = {"applications:page": "/formulare/sperrmuell_abholung/seite/adresse/"}
# these also check the token in the view, after their upload handler, but only for a logged-in
# recipient of a real question (the Postfach) or a Land operator (the admin's send form);
# their own tests post without the token: tests/mailbox/test_pages.py and test_admin.py
CHECKED_ELSEWHERE = {"mailbox:answer", "admin:mailbox_message_send"}


def _path(entry: Pattern) -> str:
    return CHECKED_IN_THE_VIEW.get(entry.key) or sample_path(entry)


def _refused_for_csrf(client: Client, path: str) -> bool:
    response = client.post(path, {"field": "value"})
    return response.status_code == 403 and b"CSRF" in response.content


def test_only_the_signed_endpoints_skip_the_csrf_check() -> None:
    exempt = {entry.key for entry in PATTERNS if getattr(entry.callback, "csrf_exempt", False)}
    assert {"identity:saml_acs", "fitconnect:callback"} == SIGNED
    assert exempt == SIGNED | set(CHECKED_IN_THE_VIEW) | CHECKED_ELSEWHERE | API


@pytest.mark.parametrize("staff", [False, True], ids=["anonymous", "verified staff"])
def test_a_post_without_the_token_is_refused_everywhere_else(staff: bool) -> None:
    client = Client(enforce_csrf_checks=True)
    if staff:
        staff_client(User.objects.get(username="admin"), client)
    accepted = [
        path
        for entry in PATTERNS
        if entry.key not in SIGNED | CHECKED_ELSEWHERE | API
        and not _refused_for_csrf(client, path := _path(entry))
    ]
    assert accepted == []


def test_the_signed_endpoints_refuse_an_unsigned_post_for_themselves() -> None:
    client = Client(enforce_csrf_checks=True)
    for entry in PATTERNS:
        if entry.key in SIGNED:
            response = client.post(sample_path(entry), {"SAMLResponse": "x", "RelayState": "y"})
            assert response.status_code in (400, 401, 403, 404), entry.key
            assert b"CSRF" not in response.content


def test_the_api_takes_no_session_cookie_and_reads_only_by_get() -> None:
    """A logged-in Land operator's browser posts to every API operation without a token:
    401 (no credential but the header counts), and the public read endpoints refuse a POST."""
    client = Client(enforce_csrf_checks=True)
    staff_client(User.objects.get(username="admin"), client)
    for entry in PATTERNS:
        if entry.key in API:
            response = client.post(sample_path(entry), {"status": "closed"})
            writes = entry.key in {"api:acknowledge", "api:status", "api:decision"}
            assert response.status_code == (401 if writes else 405), entry.key
            assert b"CSRF" not in response.content
            if writes:
                assert response.json()["reason"] == "token"
