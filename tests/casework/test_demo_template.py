"""The demo's Hundesteuer template passes the save-time check and fills in a real application."""

from __future__ import annotations

from rathaus.casework.documents.preview import decision_preview
from rathaus.casework.models import DecisionTemplate
from rathaus.commands.demo_decisions import NAME, PICKUP_NAME, demo_decision_templates_create
from rathaus.submissions.models import Submission
from tests.pdf import text_of


def test_the_demo_template_is_created_once_and_renders_an_application(
    submission: Submission,
) -> None:
    assert demo_decision_templates_create() == [NAME, PICKUP_NAME]
    assert demo_decision_templates_create() == [NAME, PICKUP_NAME]
    assert DecisionTemplate.objects.filter(name=PICKUP_NAME).count() == 1
    template = DecisionTemplate.objects.get(name=NAME)
    text = " ".join(text_of(decision_preview(template=template, submission=submission)).split())
    assert "Ihren Hund „Bello; Luna“ (Dackel; Pudel) zur Hundesteuer angemeldet" in text
    assert "Die Anmeldung ist bewilligt." in text
    assert "bei Stadtverwaltung Frankfurt am Main, Römerberg 23, 60311 Frankfurt am Main" in text
