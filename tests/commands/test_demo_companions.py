"""The demo runs a worker and the FIT-Connect test Zustelldienst, and Kassel is routed to it."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

from rathaus.authorities.models import Authority
from rathaus.commands.demo_companions import (
    FITCONNECT_AUTHORITY,
    devidp_start,
    zustelldienst_start,
)
from rathaus.identity.models import Citizen
from rathaus.submissions.delivery.outbox import delivery_attempt
from rathaus.submissions.delivery.routes import route_of
from rathaus.submissions.models import Delivery, FitConnectTransfer
from tests.identity.conftest import form_fields, oidc_choose
from tests.net import free_port
from tests.submissions.journey import send

pytestmark = pytest.mark.django_db


def test_a_demo_application_for_kassel_travels_through_the_test_zustelldienst(
    tmp_path: Path, client: Client
) -> None:
    url, process = zustelldienst_start(home=tmp_path, port=free_port(), env=dict(os.environ))
    try:
        route = route_of(Authority.objects.get(name=FITCONNECT_AUTHORITY))
        assert route is not None and route.channel == "fitconnect"
        assert route.settings["submission_api_url"] == url
        submission = send(client)
        delivery = Delivery.objects.get(submission=submission)
        assert delivery.channel == "fitconnect"
        assert delivery_attempt(delivery.pk) == "delivered", Delivery.objects.get(
            pk=delivery.pk
        ).last_error
        transfer = FitConnectTransfer.objects.get(delivery_key=delivery.pk)
        delivery.refresh_from_db()
        assert delivery.receiver_reference == str(transfer.submission_id)
    finally:
        process.terminate()
        process.wait()


def test_the_demo_logs_a_test_person_in_through_the_development_bundid(
    tmp_path: Path, client: Client
) -> None:
    with override_settings(
        RATHAUS_SAML_SP_KEY=tmp_path / "sp-key.pem", RATHAUS_SAML_SP_CERT=tmp_path / "sp-cert.pem"
    ):
        url, process = devidp_start(
            home=tmp_path, web_url="http://testserver", port=free_port(), env=dict(os.environ)
        )
        try:
            assert f"{url}/metadata" == settings.RATHAUS_SAML_IDP_METADATA
            start = client.get("/anmelden/?niveau=substanziell&next=/formulare/meine-antraege/")
            action, fields = form_fields(start.content.decode())
            assert action.startswith(url)  # the SP sends the browser to the demo's IdP
            choice = httpx.post(action, data=fields, timeout=10)
            action, fields = form_fields(choice.text)
            fields.update(person="U01", level="substanziell")
            answer = httpx.post(url + action, data=fields, timeout=10)
            acs, fields = form_fields(answer.text)
            assert acs == "http://testserver/anmelden/saml/acs/"
            done = client.post("/anmelden/saml/acs/", fields)
            assert done.status_code == 302 and done["Location"] == "/formulare/meine-antraege/"
            assert Citizen.objects.filter(user__isnull=False).exists()
        finally:
            process.terminate()
            process.wait()
            # its port may serve another IdP later in this run: forget its metadata
            cache.delete(f"rathaus.identity.idp_metadata:{url}/metadata")


def test_the_demo_logs_a_test_person_in_over_oidc_when_asked_to(
    tmp_path: Path, client: Client
) -> None:
    with override_settings(
        RATHAUS_LOGIN_PROTOCOL="oidc",
        RATHAUS_SAML_SP_KEY=tmp_path / "sp-key.pem",
        RATHAUS_SAML_SP_CERT=tmp_path / "sp-cert.pem",
    ):
        url, process = devidp_start(
            home=tmp_path, web_url="http://testserver", port=free_port(), env=dict(os.environ)
        )
        try:
            # the companion knows this demo as its OIDC client, with a secret of this start
            assert "--oidc-client-id" in process.args  # type: ignore[operator]
            assert url == settings.RATHAUS_OIDC_ISSUER
            assert len(settings.RATHAUS_OIDC_CLIENT_SECRET) >= 32
            assert settings.RATHAUS_OIDC_CLIENT_SECRET not in " ".join(process.args)  # type: ignore[arg-type]
            start = client.get("/anmelden/?niveau=substanziell&next=/formulare/meine-antraege/")
            assert start.status_code == 302 and start["Location"].startswith(url)
            callback = oidc_choose(url, start["Location"], person="U02")
            assert callback.startswith("http://testserver/anmelden/oidc/rueckruf/?")
            done = client.get(callback.removeprefix("http://testserver"))
            assert done.status_code == 302 and done["Location"] == "/formulare/meine-antraege/"
            assert Citizen.objects.filter(bpk2="BUNDIDSIM-U02", user__isnull=False).exists()
        finally:
            process.terminate()
            process.wait()
            cache.delete(f"rathaus.identity.oidc:{url}/.well-known/openid-configuration")
            cache.delete(f"rathaus.identity.oidc:{url}/oidc/jwks")
