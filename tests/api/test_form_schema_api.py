"""GET /api/v1/forms/<key>/schema.json: the submission data's JSON Schema for Fachverfahren."""

from __future__ import annotations

import jsonschema
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_published_fim_form_has_a_schema_keyed_by_fim_ids(client: Client) -> None:
    response = client.get("/api/v1/forms/S00000186/schema.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert any(key.startswith(("F", "G")) for key in schema["properties"])
    assert isinstance(schema["x-rathaus-not-expressed"], list)


def test_the_schema_accepts_valid_and_refuses_wrong_answers(client: Client) -> None:
    schema = client.get("/api/v1/forms/sperrmuell_abholung/schema.json").json()
    validator = jsonschema.Draft202012Validator(schema)
    good = {
        "name": "Erika Mustermann",
        "strasse": "Hauptstraße 1",
        "plz": "34117",
        "gegenstand": [{"art": "sofa", "stueckzahl": 2}],
        "volumen": 1.5,
        "wunschtermin": "2035-06-01",
    }
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors({**good, "plz": "ABCDE"}))
    assert list(validator.iter_errors({**good, "unbekannt": 1}))


def test_an_unknown_or_unpublished_form_is_404_in_german_and_english(client: Client) -> None:
    response = client.get("/api/v1/forms/gibt_es_nicht/schema.json")
    assert response.status_code == 404
    assert set(response.json()["error"]) == {"de", "en"}
