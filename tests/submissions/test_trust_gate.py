"""A form that needs a trust level: a prompt to log in (again), never an error, nothing stored."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client
from lxml import html

from rathaus.forms.models import FormVersion
from rathaus.submissions.models import Draft, Submission
from rathaus.submissions.trust_gate import needed_level
from tests.identity.people import citizen_client, citizen_create

pytestmark = pytest.mark.django_db

JAGD = "/formulare/S07000000201/"  # the demo's Jägerprüfung form asks for "substanziell"


def _login_link(response_content: bytes) -> dict[str, list[str]]:
    page = html.fromstring(response_content.decode())
    links = page.xpath("//main//a[contains(@href, '/anmelden/')]/@href")
    assert len(links) == 1, links
    return parse_qs(urlsplit(links[0]).query)


def _first_page() -> str:
    version = FormVersion.objects.get(form__key="S07000000201", status="published")
    return str(version.definition["pages"][0]["id"])


def test_the_demo_form_declares_its_level() -> None:
    version = FormVersion.objects.get(form__key="S07000000201", status="published")
    assert str(needed_level(version)) == "substanziell"
    other = FormVersion.objects.get(form__key="sperrmuell_abholung", status="published")
    assert needed_level(other) is None


def test_without_login_the_start_page_asks_to_log_in_at_the_needed_level() -> None:
    response = Client().get(JAGD)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bitte melden Sie sich an" in text
    assert "„substanziell“" in text
    assert _login_link(response.content) == {"niveau": ["substanziell"], "next": [JAGD]}
    assert not Draft.objects.exists()


def test_a_lower_login_gets_a_step_up_prompt_not_an_error() -> None:
    client = citizen_client(citizen_create(), level="niedrig")
    response = client.get(JAGD)
    assert response.status_code == 200
    text = response.content.decode()
    assert "höheren Vertrauensniveau" in text
    assert "„niedrig (Basisregistrierung)“" in text and "„substanziell“" in text
    assert "ELSTER-Zertifikat" in text
    assert _login_link(response.content)["niveau"] == ["substanziell"]


@pytest.mark.parametrize("level", ["substanziell", "hoch"])
def test_a_login_at_or_above_the_level_may_apply(level: str) -> None:
    client = citizen_client(citizen_create(), level=level)
    response = client.get(JAGD)
    assert response.status_code == 200
    assert "Bitte melden Sie sich" not in response.content.decode()
    page = client.get(f"{JAGD}seite/{_first_page()}/")
    assert page.status_code == 200


def test_a_staff_account_without_bundid_login_is_asked_to_log_in() -> None:
    staff = User.objects.create(username="sachbearbeitung", is_staff=True)
    client = Client()
    client.force_login(staff)
    assert "Bitte melden Sie sich an" in client.get(JAGD).content.decode()


def test_answers_posted_below_the_level_are_refused_and_not_stored() -> None:
    client = citizen_client(citizen_create(), level="niedrig")
    response = client.post(f"{JAGD}seite/{_first_page()}/", {"anything": "x"})
    assert response.status_code == 403
    assert "höheren Vertrauensniveau" in response.content.decode()
    assert not Draft.objects.exists()


def test_a_submit_below_the_level_sends_nothing() -> None:
    response = Client().post(f"{JAGD}absenden/", {"ags": "06611000"})
    assert response.status_code == 403
    assert not Submission.objects.exists()
    for path in (f"{JAGD}pruefen/", f"{JAGD}spaeter/"):
        assert "Bitte melden Sie sich an" in Client().get(path).content.decode()


def test_forms_without_a_level_stay_open_to_everyone() -> None:
    response = Client().get("/formulare/sperrmuell_abholung/")
    assert response.status_code == 200
    assert "Bitte melden Sie sich an" not in response.content.decode()
