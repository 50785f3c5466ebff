"""The demo runs a worker and the FIT-Connect test Zustelldienst, and Kassel is routed to it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client

from rathaus.authorities.models import Authority
from rathaus.commands.demo_companions import FITCONNECT_AUTHORITY, zustelldienst_start
from rathaus.submissions.delivery.outbox import delivery_attempt
from rathaus.submissions.delivery.routes import route_of
from rathaus.submissions.models import Delivery, FitConnectTransfer
from tests.submissions.conftest import _free_port
from tests.submissions.journey import send

pytestmark = pytest.mark.django_db


def test_a_demo_application_for_kassel_travels_through_the_test_zustelldienst(
    tmp_path: Path, client: Client
) -> None:
    url, process = zustelldienst_start(home=tmp_path, port=_free_port(), env=dict(os.environ))
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
