"""Every page type carries the security headers; no page needs inline script or style; every
POST form carries a CSRF token; cookies are Secure and HttpOnly; the admin login rotates the
session key (ADR 0009)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client, override_settings
from lxml import html as lxml_html

from tests.staff import staff_client, totp_code
from tests.submissions.journey import SUBMIT, fill

pytestmark = pytest.mark.django_db

START = "/formulare/sperrmuell_abholung/"
HSTS_SECONDS = 31_536_000
# what a production site (RATHAUS_ENV=production) has; the tests run in development
PRODUCTION_LIKE = {
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": HSTS_SECONDS,
}


def _confirmation(client: Client) -> HttpResponse:
    fill(client)
    sent = client.post(SUBMIT, secure=True)
    assert sent.status_code == 302
    page = client.get(sent["Location"], secure=True)
    assert page.status_code == 200
    return page


def _form_page(client: Client) -> HttpResponse:
    client.get(START, {"ags": "06611000"}, secure=True)
    page = client.get(START + "seite/adresse/", secure=True)
    assert page.status_code == 200
    return page


def _check_page(client: Client) -> HttpResponse:
    fill(client)
    page = client.get(START + "pruefen/", secure=True)
    assert page.status_code == 200
    return page


def _too_large(client: Client) -> HttpResponse:
    with override_settings(RATHAUS_REQUEST_MAX_MB=1):
        page = client.post(
            SUBMIT,
            data=b"x" * (1024 * 1024 + 1),
            content_type="application/octet-stream",
            secure=True,
        )
    assert page.status_code == 413
    return page


def _get(url: str, status: int = 200) -> Callable[[Client], HttpResponse]:
    def fetch(client: Client) -> HttpResponse:
        response = client.get(url, secure=True)
        assert response.status_code == status, url
        return response

    return fetch


PAGES: dict[str, Callable[[Client], HttpResponse]] = {
    "start": _get("/"),
    "search": _get("/suche/?q=hund"),
    "service": _get("/leistungen/99108001001000/"),
    "municipality": _get("/orte/06611000/"),
    "form start": _get(START),
    "form page": _form_page,
    "check page": _check_page,
    "confirmation": _confirmation,
    "my applications": _get("/formulare/meine-antraege/"),
    "not found": _get("/gibt-es-nicht/", status=404),
    "too large": _too_large,
    "admin login": _get("/verwaltung/login/"),
    "api": _get("/api/v1/search?q=hund"),
}
HTML_PAGES = [name for name in PAGES if name != "api"]


@pytest.fixture
def production_like() -> Iterator[None]:
    with override_settings(**PRODUCTION_LIKE):
        yield


def csp_directives(header: str) -> dict[str, list[str]]:
    """The policy as directive name -> source list."""
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name.lower()] = sources
    return directives


@pytest.mark.parametrize("name", PAGES)
def test_every_page_type_carries_the_security_headers(
    client: Client, production_like: None, name: str
) -> None:
    response = PAGES[name](client)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == f"max-age={HSTS_SECONDS}"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert policy[directive] == ["'self'"], directive
    forbidden = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"}
    assert not forbidden & {source for sources in policy.values() for source in sources}


@pytest.mark.parametrize("name", HTML_PAGES)
def test_no_page_needs_inline_script_or_style(client: Client, name: str) -> None:
    document = lxml_html.fromstring(PAGES[name](client).content)
    assert document.xpath("//script[not(@src)]") == []
    assert document.xpath("//style") == []
    assert document.xpath("//*[@style]") == []
    handlers = [
        attribute
        for element in document.iter()
        if isinstance(element.tag, str)
        for attribute in element.attrib
        if attribute.lower().startswith("on")
    ]
    assert handlers == []
    assert document.xpath("//a[starts-with(normalize-space(@href), 'javascript:')]") == []


@pytest.mark.parametrize("name", HTML_PAGES)
def test_every_post_form_carries_a_csrf_token(client: Client, name: str) -> None:
    document = lxml_html.fromstring(PAGES[name](client).content)
    post_forms = document.xpath("//form[translate(@method, 'POST', 'post') = 'post']")
    assert post_forms, "every page has at least the language switch"
    for form in post_forms:
        tokens = form.xpath(".//input[@type='hidden'][@name='csrfmiddlewaretoken']/@value")
        assert len(tokens) == 1 and tokens[0], form.get("action")


ADMIN_PAGES = [
    "/verwaltung/",
    "/verwaltung/catalog/service/?q=Reisepass",
    "/verwaltung/catalog/offering/add/",
    "/verwaltung/forms/form/",
    "/verwaltung/forms/form/hochladen/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_have_the_policy_no_inline_script_and_tokens_in_post_forms(
    client: Client, url: str
) -> None:
    staff_client(User.objects.get(username="admin"), client)
    response = client.get(url)
    assert response.status_code == 200
    assert csp_directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]
    document = lxml_html.fromstring(response.content)
    assert document.xpath("//script[not(@src)] | //style | //*[@style]") == []
    for form in document.xpath("//form[translate(@method, 'POST', 'post') = 'post']"):
        assert form.xpath(".//input[@name='csrfmiddlewaretoken']"), form.get("action")


def test_a_get_form_never_carries_the_csrf_token(client: Client) -> None:
    """The token must not leak into URLs, logs and the Referer of the next page."""
    for name in HTML_PAGES:
        document = lxml_html.fromstring(PAGES[name](Client()).content)
        leaking = document.xpath(
            "//form[not(translate(@method, 'POST', 'post') = 'post')]"
            "//input[@name='csrfmiddlewaretoken']"
        )
        assert leaking == [], name


def test_every_cookie_is_secure_and_httponly_in_production(
    client: Client, production_like: None
) -> None:
    cookies = {}
    for response in (
        client.get(START, {"ags": "06611000"}, secure=True),
        client.get(START + "seite/adresse/", secure=True),
        client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True),
    ):
        cookies.update(response.cookies)
    assert {"sessionid", "csrftoken", "django_language"} <= set(cookies)
    for name, morsel in cookies.items():
        assert morsel["secure"] is True, name
        assert morsel["httponly"] is True, name
        assert morsel["samesite"] == "Lax", name


def test_the_admin_login_gives_a_new_session_key(client: Client) -> None:
    client.get(START, {"ags": "06611000"})  # an anonymous session exists before the login
    before = client.session.session_key
    assert before
    code = totp_code(User.objects.get(username="redaktion"))
    response = client.post(
        "/verwaltung/login/",
        {"username": "redaktion", "password": "rathaus-demo", "otp_token": code},
    )
    assert response.status_code == 302
    after = client.session.session_key
    assert after and after != before
    assert client.get("/verwaltung/").status_code == 200


def test_the_admin_login_form_is_refused_without_its_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/verwaltung/login/", {"username": "redaktion", "password": "rathaus-demo"}
    )
    assert response.status_code == 403


def _start_with(env: dict[str, str], *names: str) -> subprocess.CompletedProcess[str]:
    """A fresh process reads the settings with this environment and prints the named ones."""
    code = "from rathaus.config import settings as s\n" + "".join(
        f"print(s.{name})\n" for name in names
    )
    ours = {"RATHAUS_ENV", "RATHAUS_SECURE_COOKIES", "RATHAUS_HSTS_SECONDS"}
    clean = {key: value for key, value in os.environ.items() if key not in ours}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _settings_in(env: dict[str, str], *names: str) -> list[str]:
    result = _start_with(env, *names)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_hsts_is_off_in_development_and_on_in_production_or_with_secure_cookies() -> None:
    assert _settings_in({}, "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE") == ["0", "False"]
    assert _settings_in({"RATHAUS_SECURE_COOKIES": "true"}, "SECURE_HSTS_SECONDS") == [
        str(HSTS_SECONDS)
    ]
    production = {
        "RATHAUS_ENV": "production",
        "RATHAUS_SECRET_KEY": "x" * 50,
        "RATHAUS_ENCRYPTION_KEYS": "prod1:" + "A" * 43 + "=",
        "RATHAUS_HSTS_SECONDS": "300",
    }
    assert _settings_in(
        production, "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"
    ) == ["300", "True", "True"]


def test_a_negative_hsts_duration_stops_the_start() -> None:
    result = _start_with({"RATHAUS_SECURE_COOKIES": "true", "RATHAUS_HSTS_SECONDS": "-1"})
    assert result.returncode != 0
    assert "RATHAUS_HSTS_SECONDS" in result.stderr
