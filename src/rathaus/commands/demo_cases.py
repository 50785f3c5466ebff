"""The demo's back office: a few Hundesteuer applications in Kassel's worklist.

The applicants are fictitious. Each application is sent the way a citizen's is (a draft that
becomes a submission), so its case opens through the same event as in the running system.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from rathaus.authorities.models import Authority
from rathaus.casework.models import Case, ServiceDeadline
from rathaus.casework.services import case_receipt_move, cases_open_missing
from rathaus.catalog.models import Service
from rathaus.commands.demo_data import DEMO_STAFF_AUTHORITY
from rathaus.forms.models import FormVersion
from rathaus.submissions.owners import Owner
from rathaus.submissions.services import draft_start
from rathaus.submissions.submitting import submission_create

HUNDESTEUER = "99102013002000"
DEADLINE_DAYS = 30
APPLICANTS = [  # (given name, family name, dog, breed, days ago)
    ("Erika", "Mustermann", "Bello", "Dackel", 40),
    ("Jörg", "Neumann", "Luna", "Pudel", 5),
    ("Max", "Beispiel", "Rex", "Schäferhund-Mischling", 1),
]


def _answers(given: str, family: str, dog: str, breed: str) -> dict[str, Any]:
    return {
        "vorname": given,
        "familienname": family,
        "geburtsdatum": "1980-05-01",
        "anschrift": {"strasse": "Obere Königsstraße 8", "plz": "34117", "ort": "Kassel"},
        "hund": [
            {"hund_name": dog, "rasse": breed, "gehalten_seit": "2026-01-02", "listenhund": False}
        ],
        "befreiung_beantragt": False,
    }


@transaction.atomic
def demo_cases_create() -> int:
    """Send the demo applications to Kassel once; returns how many cases were opened."""
    authority = Authority.objects.get(name=DEMO_STAFF_AUTHORITY)
    service = Service.objects.get(leika_key=HUNDESTEUER)
    ServiceDeadline.objects.get_or_create(
        service=service, authority=None, defaults={"days": DEADLINE_DAYS}
    )
    opened = cases_open_missing()
    if Case.objects.filter(authority=authority).exists():
        return opened
    version = FormVersion.objects.filter(form__service=service, status="published").first()
    if version is None:
        return opened
    for given, family, dog, breed, days_ago in APPLICANTS:
        draft = draft_start(
            form_version=version, owner=Owner.anonymous(Owner.new_anonymous_token())
        )
        submission, _new = submission_create(
            draft=draft,
            data=_answers(given, family, dog, breed),
            authority=authority,
            municipality=authority.region,
        )
        moment = timezone.now() - timedelta(days=days_ago)
        case_receipt_move(
            case=Case.objects.get(submission=submission),
            received_at=moment,
            due_at=moment + timedelta(days=DEADLINE_DAYS),
        )
        opened += 1
    return opened
