"""Error pages in the portal's design, request ids, and settings that stop clearly."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.utils import translation

from rathaus.config.env import env_bool, env_int, env_list, env_map
from rathaus.ui.views import server_error


def test_the_500_page_is_in_the_portal_design_and_needs_no_database() -> None:
    with translation.override("de"):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "technischer Fehler" in html
    assert "Erklärung zur Barrierefreiheit" in html
    assert "Traceback" not in html


def test_the_500_page_still_answers_when_its_template_cannot_render(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr("rathaus.ui.views.loader.render_to_string", broken)
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "technischer Fehler" in response.content.decode()
    assert 'lang="en"' in response.content.decode()


def test_the_500_handler_is_wired() -> None:
    from rathaus.config import urls

    assert urls.handler500 == "rathaus.ui.views.server_error"
    assert urls.handler404 == "rathaus.ui.views.page_not_found"


@pytest.mark.django_db
def test_every_response_carries_a_request_id_that_the_logs_repeat(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    response = client.get("/gibt-es-nicht/", HTTP_X_REQUEST_ID="abc12345-proxy")
    assert response["X-Request-ID"] == "abc12345-proxy"
    generated = client.get("/gibt-es-nicht/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert len(generated) == 32 and generated.isalnum()
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/gibt-es-nicht/", HTTP_X_REQUEST_ID="trace-me-123")
    assert any(getattr(r, "request_id", "") == "trace-me-123" for r in caplog.records)


def test_a_bad_boolean_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATHAUS_DEBUG", "vielleicht")
    with pytest.raises(ImproperlyConfigured, match=r"RATHAUS_DEBUG='vielleicht'.*true oder false"):
        env_bool("RATHAUS_DEBUG", default=False)


def test_a_bad_number_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATHAUS_SEARCH_MAX_QUERY", "viel")
    with pytest.raises(ImproperlyConfigured, match="ganze Zahl"):
        env_int("RATHAUS_SEARCH_MAX_QUERY", 200)


def test_lists_are_split_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATHAUS_ALLOWED_HOSTS", "a.example, b.example,,")
    assert env_list("RATHAUS_ALLOWED_HOSTS", []) == ["a.example", "b.example"]


def test_maps_are_pairs_split_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATHAUS_OIDC_TRUST_VALUES", "urn:a:eid = hoch, basis=niedrig")
    assert env_map("RATHAUS_OIDC_TRUST_VALUES", {}) == {"urn:a:eid": "hoch", "basis": "niedrig"}
    monkeypatch.setenv("RATHAUS_OIDC_TRUST_VALUES", "hoch")
    with pytest.raises(ImproperlyConfigured, match="RATHAUS_OIDC_TRUST_VALUES: 'hoch'"):
        env_map("RATHAUS_OIDC_TRUST_VALUES", {})


def test_an_unknown_login_protocol_stops_the_start() -> None:
    env = {**os.environ, "RATHAUS_LOGIN_PROTOCOL": "kerberos"}
    result = subprocess.run(
        [sys.executable, "-m", "rathaus.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "RATHAUS_LOGIN_PROTOCOL='kerberos'" in result.stderr


def test_production_refuses_to_start_with_the_development_secret() -> None:
    env = {**os.environ, "RATHAUS_ENV": "production"}
    env.pop("RATHAUS_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "rathaus.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "RATHAUS_SECRET_KEY fehlt" in result.stderr


def test_production_starts_with_a_real_secret() -> None:
    env = {
        **os.environ,
        "RATHAUS_ENV": "production",
        "RATHAUS_SECRET_KEY": "x" * 50,
        "RATHAUS_ENCRYPTION_KEYS": "prod1:" + "A" * 43 + "=",
    }
    result = subprocess.run(
        [sys.executable, "-m", "rathaus.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
