"""A citizen's way through the bulky-waste form, shared by the submission tests."""

from __future__ import annotations

import uuid

from django.test import Client

from rathaus.submissions.models import Submission

START = "/formulare/sperrmuell_abholung/"
SUBMIT = START + "absenden/"
GOOD = {
    START + "seite/adresse/": {
        "name": "Erika Mustermann",
        "strasse": "Hauptstraße 1",
        "plz": "34117",
    },
    START + "seite/gegenstaende/": {
        "gegenstand.anzahl": "1",
        "gegenstand[0].art": "sofa",
        "gegenstand[0].stueckzahl": "2",
        "volumen": "1,5",
    },
    START + "seite/termin/": {
        "wunschtermin.tag": "1",
        "wunschtermin.monat": "6",
        "wunschtermin.jahr": "2035",
    },
}


def fill(client: Client, ags: str | None = "06611000") -> None:
    """Open the form for a place and answer every page."""
    client.get(START, {"ags": ags} if ags else {})
    for url, data in GOOD.items():
        assert client.post(url, data).status_code == 302


def send(client: Client, ags: str = "06611000", **extra: str) -> Submission:
    """Fill the form, send it, and return the stored submission."""
    fill(client, ags)
    response = client.post(SUBMIT, extra)
    assert response.status_code == 302, response.content.decode()[:500]
    submission_id = response["Location"].rstrip("/").split("/")[-1]
    return Submission.objects.get(pk=uuid.UUID(submission_id))
