"""Decision templates in the admin and on the command line: errors shown, PDF previews."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from rathaus.casework.models import DecisionTemplate
from rathaus.catalog.models import Service
from rathaus.submissions.models import Submission
from tests.casework.conftest import BODY, REMEDY
from tests.pdf import text_of
from tests.staff import staff_client

ADD = "/verwaltung/casework/decisiontemplate/add/"


@pytest.fixture
def admin(client: Client, db: None) -> Client:
    return staff_client(User.objects.get(username="admin"), client)


def form(service: Service, **changes: str) -> dict[str, Any]:
    values = {
        "service": str(service.pk),
        "authority": "",
        "name": "Hundesteuer: Anmeldung bestätigt",
        "outcome": "approved",
        "active": "on",
        "body": BODY,
        "legal_remedy": REMEDY,
    }
    return {**values, **changes}


def test_a_template_with_a_missing_variable_shows_the_error_and_is_not_stored(
    admin: Client, service: Service
) -> None:
    response = admin.post(ADD, form(service, body="Hallo {{ antrag.hundename }}"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Zeile 1: Die Variable „antrag.hundename“ gibt es nicht." in page
    assert "Meinten Sie antrag.hund_name?" in page
    assert not DecisionTemplate.objects.exists()


def test_an_include_in_the_legal_remedy_is_refused_on_the_form(
    admin: Client, service: Service
) -> None:
    response = admin.post(ADD, form(service, legal_remedy="{% include 'ui/base.html' %}"))
    assert response.status_code == 200
    assert "Anweisungen wie „{% include %}“ sind nicht erlaubt" in response.content.decode()
    assert not DecisionTemplate.objects.exists()


def test_a_good_template_is_stored_and_its_page_lists_the_variables(
    admin: Client, service: Service
) -> None:
    response = admin.post(ADD, form(service))
    assert response.status_code == 302
    template = DecisionTemplate.objects.get()
    assert template.body == BODY
    page = admin.get(f"/verwaltung/casework/decisiontemplate/{template.pk}/change/")
    html = page.content.decode()
    assert "{{ antrag.hund_name }}" in html and "Name des Hundes" in html
    assert "{{ behoerde.anschrift }}" in html
    assert f"/verwaltung/casework/decisiontemplate/{template.pk}/vorschau/" in html


def test_the_preview_is_a_pdf_with_sample_values(admin: Client, template: DecisionTemplate) -> None:
    response = admin.get(f"/verwaltung/casework/decisiontemplate/{template.pk}/vorschau/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Erika Mustermann" in text_of(response.content)


def test_the_preview_action_renders_one_template(
    admin: Client, template: DecisionTemplate, service: Service
) -> None:
    listing = "/verwaltung/casework/decisiontemplate/"
    action = {"action": "preview", "_selected_action": [str(template.pk)]}
    response = admin.post(listing, action)
    assert response["Content-Type"] == "application/pdf"
    other = DecisionTemplate.objects.create(
        service=service, name="Zweite", outcome="rejected", body="x", legal_remedy="y"
    )
    response = admin.post(
        listing, {**action, "_selected_action": [str(template.pk), str(other.pk)]}, follow=True
    )
    assert "Bitte genau eine Vorlage für die Vorschau wählen." in response.content.decode()


def test_the_preview_of_an_unknown_template_is_not_found(admin: Client) -> None:
    response = admin.get("/verwaltung/casework/decisiontemplate/999999/vorschau/")
    assert response.status_code == 404


def test_people_without_staff_rights_get_no_preview(
    client: Client, template: DecisionTemplate
) -> None:
    response = client.get(f"/verwaltung/casework/decisiontemplate/{template.pk}/vorschau/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_command_writes_a_preview_with_sample_values(
    template: DecisionTemplate, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "vorschau.pdf"
    call_command("decisions", "preview", "--template", str(template.pk), "--out", str(out))
    assert "Vorschau geschrieben / preview written" in capsys.readouterr().out
    assert "[Name des Hundes]" in text_of(out.read_bytes())


def test_the_command_fills_in_a_real_submission_by_reference(
    template: DecisionTemplate, submission: Submission, tmp_path: Path
) -> None:
    out = tmp_path / "bescheid.pdf"
    call_command(
        "decisions",
        "preview",
        "--template",
        str(template.pk),
        "--out",
        str(out),
        "--submission",
        submission.reference,
    )
    text = " ".join(text_of(out.read_bytes()).split())
    assert submission.reference in text and "Ihr Hund „Bello; Luna“" in text


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--template", "999999"], "Keine Bescheidvorlage mit der Nummer 999999"),
        (["--submission", "HE-00000-0000-000000"], "Kein Antrag 'HE-00000-0000-000000'"),
        (["--seal"], "Zum Siegeln braucht die Vorlage eine Behörde"),
    ],
)
def test_the_command_refuses_bad_input_with_a_message(
    template: DecisionTemplate, tmp_path: Path, arguments: list[str], message: str
) -> None:
    base = ["--template", str(template.pk), "--out", str(tmp_path / "x.pdf")]
    with pytest.raises(CommandError, match=message):
        call_command("decisions", "preview", *base, *arguments)
    assert not (tmp_path / "x.pdf").exists()


def test_the_command_refuses_a_submission_of_another_service(
    submission: Submission, tmp_path: Path
) -> None:
    other = Service.objects.exclude(pk=submission.form_version.form.service_id).first()
    assert other is not None
    template = DecisionTemplate.objects.create(
        service=other, name="Fremd", outcome="other", body="x", legal_remedy="y"
    )
    with pytest.raises(CommandError, match="anderen Leistung"):
        call_command(
            "decisions",
            "preview",
            "--template",
            str(template.pk),
            "--submission",
            str(submission.pk),
            "--out",
            str(tmp_path / "x.pdf"),
        )
