"""Decision templates for the demo's Hundesteuer service, and a throwaway seal PKI."""

from __future__ import annotations

from typing import Any

import pytest

from rathaus.authorities.models import Authority
from rathaus.casework.documents.services import decision_template_create
from rathaus.casework.models import DecisionTemplate
from rathaus.catalog.models import Service
from rathaus.forms.models import FormVersion
from rathaus.submissions.models import Submission
from rathaus.submissions.owners import Owner
from rathaus.submissions.services import draft_start
from rathaus.submissions.submitting import submission_create

HUNDESTEUER = "99102013002000"  # its published demo form asks vorname, familienname, anschrift…

BODY = """Sehr geehrte(r) {{ antragsteller.name }},

Ihr Antrag vom {{ eingang }} auf {{ leistung }} wird {{ entscheidung.ergebnis }}.
Ihr Hund „{{ antrag.hund_name|default:"ohne Namen" }}“ ist ab heute angemeldet.

Begründung:
{{ entscheidung.begruendung|linebreaks }}

Mit freundlichen Grüßen
{{ behoerde.name }}"""

REMEDY = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben "
    "werden. Der Widerspruch ist bei {{ behoerde.name }}, {{ behoerde.anschrift }}, schriftlich "
    "oder zur Niederschrift einzulegen."
)


@pytest.fixture
def service(db: None) -> Service:
    return Service.objects.get(leika_key=HUNDESTEUER)


@pytest.fixture
def authority(db: None) -> Authority:
    """Frankfurt am Main, with an address as a real installation would keep it."""
    found = Authority.objects.filter(slug__startswith="stadtverwaltung-frankfurt-am-main").first()
    assert found is not None
    found.street, found.postcode, found.town = "Römerberg 23", "60311", "Frankfurt am Main"
    found.phone, found.email = "069 212-0", "buergeramt@frankfurt.example"
    found.save()
    return found


def template_values(service: Service, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "service": service,
        "name": "Anmeldung Hundesteuer bewilligt",
        "outcome": "approved",
        "body": BODY,
        "legal_remedy": REMEDY,
    }
    return {**values, **changes}


@pytest.fixture
def template(service: Service) -> DecisionTemplate:
    return decision_template_create(**template_values(service))


# Fictitious applicant (answers as the form engine stores them).
ANSWERS: dict[str, Any] = {
    "vorname": "Erika",
    "familienname": "Mustermann <b>fett</b>",
    "geburtsdatum": "1984-08-12",
    "anschrift": {"strasse": "Heddernheimer Landstraße 7", "plz": "60439", "ort": "Frankfurt"},
    "hund": [
        {
            "hund_name": "Bello",
            "rasse": "Dackel",
            "gehalten_seit": "2026-01-02",
            "listenhund": False,
        },
        {"hund_name": "Luna", "rasse": "Pudel", "gehalten_seit": "2026-02-03", "listenhund": False},
    ],
    "befreiung_beantragt": False,
}


@pytest.fixture
def submission(service: Service, authority: Authority) -> Submission:
    """A sent Hundesteuer application in Frankfurt."""
    version = FormVersion.objects.get(form__service=service, status="published")
    draft = draft_start(form_version=version, owner=Owner.anonymous(Owner.new_anonymous_token()))
    sent, _ = submission_create(
        draft=draft, data=ANSWERS, authority=authority, municipality=authority.region
    )
    return sent
