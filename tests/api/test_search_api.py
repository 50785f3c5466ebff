"""GET /api/v1/search: the citizen ranking as JSON, with clear errors."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_returns_leika_key_name_and_url_best_first(client: Client) -> None:
    response = client.get("/api/v1/search", {"q": "Reisepass"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results = response.json()["results"]
    assert 1 <= len(results) <= 10
    first = results[0]
    assert set(first) == {"leika_key", "name", "url"}
    assert first["leika_key"].startswith("99085001")
    assert first["url"] == f"http://testserver/leistungen/{first['leika_key']}/"


def test_limit_is_honoured_within_bounds(client: Client) -> None:
    assert len(client.get("/api/v1/search", {"q": "Gewerbe", "limit": 3}).json()["results"]) == 3
    for bad in ("0", "51", "zehn", "-1"):
        response = client.get("/api/v1/search", {"q": "Gewerbe", "limit": bad})
        assert response.status_code == 400
        assert "limit" in response.json()["error"]["de"]


def test_a_missing_query_is_a_400_in_german_and_english(client: Client) -> None:
    response = client.get("/api/v1/search")
    assert response.status_code == 400
    assert response.json() == {
        "error": {"de": "Der Parameter q (Suchbegriff) fehlt.", "en": "The parameter q is missing."}
    }


def test_an_overlong_query_is_a_400_not_a_crash(client: Client) -> None:
    response = client.get("/api/v1/search", {"q": "a" * 10_000})
    assert response.status_code == 400
    assert "zu lang" in response.json()["error"]["de"]


def test_only_get_is_allowed(client: Client) -> None:
    assert client.post("/api/v1/search", {"q": "x"}).status_code == 405


def test_injection_strings_are_only_text(client: Client) -> None:
    response = client.get("/api/v1/search", {"q": "' OR 1=1; DROP TABLE x; --"})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)
