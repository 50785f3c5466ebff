"""Step-up over the real development IdP: a basic login, then the form asks for more."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from lxml import html

from tests.identity.conftest import LoginFlow

pytestmark = pytest.mark.django_db

JAGD = "/formulare/S07000000201/"


def test_a_basic_login_is_asked_to_step_up_and_comes_back_to_the_form(
    login_flow: LoginFlow,
) -> None:
    client = Client()
    first = login_flow(client, level="niedrig", query=f"niveau=niedrig&next={JAGD}")
    landed = client.post("/anmelden/saml/acs/", first.fields)
    assert landed.status_code == 302 and landed["Location"] == JAGD
    prompt = client.get(JAGD)
    assert "höheren Vertrauensniveau" in prompt.content.decode()
    link = html.fromstring(prompt.content).xpath("//main//a[contains(@href, '/anmelden/')]/@href")
    again = login_flow(client, level="substanziell", query=urlsplit(link[0]).query)
    back = client.post("/anmelden/saml/acs/", again.fields)
    assert back.status_code == 302 and back["Location"] == JAGD
    assert client.session["identity_trust_level"] == "substanziell"
    form = client.get(JAGD).content.decode()
    assert "Vertrauensniveau" not in form.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Angaben aus Ihrem BundID-Konto übernehmen?" in form
