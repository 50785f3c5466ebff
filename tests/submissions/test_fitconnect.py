"""FIT-Connect: an application reaches the Zustelldienst once, encrypted, and provably so.

The test Zustelldienst runs as a separate process on loopback; what it stored is decrypted
here with jwcrypto, a JOSE library independent of the sender's joserfc.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from jsonschema import Draft202012Validator
from jwcrypto import jwk

from rathaus.authorities.models import Authority
from rathaus.submissions.channels.fitconnect.callbacks import callback_authentication
from rathaus.submissions.channels.fitconnect.channel import FitConnectChannel
from rathaus.submissions.delivery import outbox
from rathaus.submissions.delivery.base import (
    Attachment,
    DeliveryRefused,
    DeliveryRetry,
    Package,
)
from rathaus.submissions.delivery.routes import route_save
from rathaus.submissions.models import Delivery, DeliveryState, FitConnectTransfer
from tests.submissions.journey import send
from tests.submissions.zustelldienst import (
    Running,
    decrypt,
    make_keys,
    schema_path,
    zustelldienst_process,
)

pytestmark = pytest.mark.django_db

EVENTS = "https://schema.fitko.de/fit-connect/events/"
CALLBACK_SECRET = "rueckruf-geheimnis-nur-fuer-tests-0123456789"


@pytest.fixture(scope="session")
def server_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_keys(tmp_path_factory.mktemp("fitconnect-keys"))


@pytest.fixture
def zustelldienst(tmp_path: Path, server_keys: Path) -> Iterator[Running]:
    with zustelldienst_process(tmp_path / "zustelldienst", server_keys) as running:
        yield running


@pytest.fixture
def kassel() -> Authority:
    return Authority.objects.get(name="Stadtverwaltung Kassel")


def _package(**changes: object) -> Package:
    content = b"%PDF-1.7 Lageplan (erfunden)"
    defaults: dict[str, object] = {
        "key": uuid.uuid4(),
        "submission_id": uuid.uuid4(),
        "reference": "HE-06611000-2035-000042",
        "form_key": "bauantrag",
        "form_version": 1,
        "form_title": "Bauantrag",
        "fim_id": "S00000000009",
        "fim_version": "1.0.0",
        "leika_id": "99115005104000",
        "submitted_at": timezone.now(),
        "authority_name": "Stadtverwaltung Kassel",
        "authority_email": "bauamt@kassel.example",
        "municipality_ags": "06611000",
        "data": {"F00000013": "Mustermann", "F00000045": "Erika"},
        "attachments": [
            Attachment(
                name="lageplan.pdf",
                content_type="application/pdf",
                sha512=hashlib.sha512(content).hexdigest(),
                content=content,
            )
        ],
    }
    return Package(**(defaults | changes))  # type: ignore[arg-type]


def _events(zustelldienst: Running, case_id: str) -> list[str]:
    """The event names in a case's log, read from the server's store."""
    names = []
    for token in zustelldienst.store().events(case_id):
        payload = json.loads(jwk.base64url_decode(token.split(".")[1]))
        names += [name.removeprefix(EVENTS) for name in payload["events"]]
    return names


def test_a_submission_reaches_the_zustelldienst_encrypted_and_sound(
    client: Client, kassel: Authority, zustelldienst: Running
) -> None:
    route_save(authority=kassel, channel="fitconnect", settings=zustelldienst.settings())
    delivery = send(client).deliveries.get()
    assert delivery.channel == "fitconnect"
    assert outbox.delivery_attempt(delivery.pk) == "delivered"
    [stored] = zustelldienst.store().submissions()
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.receiver_reference == stored["id"]
    key = zustelldienst.private_key()
    data = decrypt(stored["data"], key)
    assert json.loads(data)["name"] == "Erika Mustermann"
    metadata = json.loads(decrypt(stored["metadata"], key))
    schema = json.loads(schema_path().read_text())
    assert list(Draft202012Validator(schema).iter_errors(metadata)) == []
    structure = metadata["contentStructure"]
    assert structure["data"]["hash"] == {
        "type": "sha512",
        "content": hashlib.sha512(data).hexdigest(),
    }
    assert structure["data"]["submissionSchema"]["mimeType"] == "application/json"
    assert structure["attachments"] == []
    assert metadata["publicServiceType"]["identifier"] == (
        "urn:de:fim:leika:leistung:99001009004002"
    )
    assert metadata["additionalReferenceInfo"]["senderReference"] == delivery.submission.reference
    assert _events(zustelldienst, stored["case_id"]) == ["submit-submission"]


def test_attachments_are_encrypted_and_named_with_their_hash_in_the_metadata(
    zustelldienst: Running,
) -> None:
    package = _package()
    handover = FitConnectChannel().deliver(package, zustelldienst.settings())
    [stored] = zustelldienst.store().submissions()
    assert handover.receiver_reference == stored["id"]
    key = zustelldienst.private_key()
    metadata = json.loads(decrypt(stored["metadata"], key))
    [entry] = metadata["contentStructure"]["attachments"]
    uploaded = zustelldienst.store().attachments(stored["id"])
    assert list(uploaded) == [entry["attachmentId"]]
    content = decrypt(uploaded[entry["attachmentId"]], key)
    assert content == package.attachments[0].content
    assert entry["hash"]["content"] == hashlib.sha512(content).hexdigest()
    assert (entry["filename"], entry["mimeType"], entry["purpose"]) == (
        "lageplan.pdf",
        "application/pdf",
        "attachment",
    )
    assert metadata["contentStructure"]["data"]["submissionSchema"]["schemaUri"] == (
        "https://schema.fitko.de/fim/s00000000009_1.0.0.schema.json"
    )
    assert _events(zustelldienst, stored["case_id"]) == ["submit-submission"]


def test_a_crash_after_the_announcement_creates_no_second_submission(
    client: Client, kassel: Authority, zustelldienst: Running
) -> None:
    route_save(authority=kassel, channel="fitconnect", settings=zustelldienst.settings())
    delivery = send(client).deliveries.get()
    zustelldienst.fail_next("submit")
    assert outbox.delivery_attempt(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert "HTTP 503" in delivery.last_error
    transfer = FitConnectTransfer.objects.get(delivery_key=delivery.pk)
    assert transfer.state == "announced"
    assert outbox.delivery_attempt(delivery.pk, now=delivery.next_attempt_at) == "delivered"
    # as if the worker died after the submit but before the delivery was marked
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.PENDING)
    assert outbox.delivery_attempt(delivery.pk, now=delivery.next_attempt_at) == "delivered"
    [stored] = zustelldienst.store().submissions()
    assert str(transfer.submission_id) == stored["id"]
    assert _events(zustelldienst, stored["case_id"]) == ["submit-submission"]


def test_a_wrong_client_secret_fails_with_a_clear_error(
    client: Client, kassel: Authority, zustelldienst: Running
) -> None:
    settings = zustelldienst.settings(client_secret="falsches-geheimnis")
    route_save(authority=kassel, channel="fitconnect", settings=settings)
    delivery = send(client).deliveries.get()
    assert outbox.delivery_attempt(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert "Client-ID oder Client-Secret abgelehnt" in delivery.last_error
    assert "invalid_client" in delivery.last_error
    assert zustelldienst.store().submissions() == []


def test_an_event_log_signed_with_another_key_is_not_trusted(
    client: Client, kassel: Authority, zustelldienst: Running
) -> None:
    stranger = jwk.JWK.generate(kty="RSA", size=2048, kid="zustelldienst-1", alg="PS512")
    settings = zustelldienst.settings(event_log_signing_key=stranger.export_public(as_dict=True))
    route_save(authority=kassel, channel="fitconnect", settings=settings)
    delivery = send(client).deliveries.get()
    assert outbox.delivery_attempt(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.PENDING
    assert "ungültiger Signatur" in delivery.last_error
    # the submission itself went out once; only the confirmation is not believed
    assert len(zustelldienst.store().submissions()) == 1


def test_a_tampered_event_is_not_trusted_even_with_the_right_key(zustelldienst: Running) -> None:
    from rathaus.submissions.channels.fitconnect.crypto import (
        UntrustedEvent,
        event_verify,
        signing_keys,
    )

    FitConnectChannel().deliver(_package(), zustelldienst.settings())
    [stored] = zustelldienst.store().submissions()
    [token] = zustelldienst.store().events(stored["case_id"])
    keys = signing_keys(httpx.get(zustelldienst.url + "/.well-known/jwks.json").json())
    assert event_verify(token, keys=keys)["sub"] == f"submission:{stored['id']}"
    header, payload, signature = token.split(".")
    claims = json.loads(jwk.base64url_decode(payload))
    claims["events"] = {EVENTS + "submit-submission": {}, "forged": True}
    forged = jwk.base64url_encode(json.dumps(claims))
    with pytest.raises(UntrustedEvent):
        event_verify(f"{header}.{forged}.{signature}", keys=keys)


def test_the_zustelldienst_rejects_a_submission_whose_hash_is_wrong(
    zustelldienst: Running,
) -> None:
    package = _package(attachments=[])
    FitConnectChannel().deliver(package, zustelldienst.settings())
    # the same package with other Fachdaten under the first metadata: a forged submit
    from rathaus.submissions.channels.fitconnect.api import Config, SubmissionApi
    from rathaus.submissions.channels.fitconnect.crypto import encrypt, encryption_key

    settings = zustelldienst.settings()
    api = SubmissionApi(
        Config(
            token_url=settings["token_url"],
            submission_api_url=settings["submission_api_url"],
            client_id=settings["client_id"],
            client_secret=settings["client_secret"],
            destination_id=uuid.UUID(settings["destination_id"]),
        )
    )
    api.authenticate()
    service = {"name": "Bauantrag", "identifier": "urn:de:fim:leika:leistung:99115005104000"}
    submission_id, case_id = api.announce(service_type=service, attachments=[])
    kid = api.destination()["encryptionKid"]
    key = encryption_key(api.destination_key(kid))
    first = zustelldienst.store().submissions()[0]
    metadata = decrypt(first["metadata"], zustelldienst.private_key())
    api.submit(
        submission_id,
        metadata=encrypt(metadata, key=key, kid=kid, content_type="application/json"),
        data=encrypt(b'{"F00000013": "Anders"}', key=key, kid=kid, content_type="application/json"),
    )
    assert _events(zustelldienst, str(case_id)) == ["submit-submission", "reject-submission"]
    transfer = FitConnectTransfer.objects.create(
        delivery_key=uuid.uuid4(),
        destination_id=settings["destination_id"],
        submission_id=submission_id,
        case_id=case_id,
        state="submitted",
    )
    with pytest.raises(DeliveryRefused, match=r"zurückgewiesen.*SHA-512"):
        FitConnectChannel().deliver(_package(key=transfer.delivery_key), settings)


def test_an_unreachable_zustelldienst_is_retried(zustelldienst: Running) -> None:
    settings = zustelldienst.settings(token_url="http://127.0.0.1:9/token")
    with pytest.raises(DeliveryRetry, match="nicht erreichbar"):
        FitConnectChannel().deliver(_package(), settings)


def test_the_settings_are_checked_with_reasons() -> None:
    channel = FitConnectChannel()
    with pytest.raises(ValidationError) as raised:
        channel.clean_settings({"token_url": "kein-link", "destination_id": "42", "farbe": "rot"})
    said = " ".join(raised.value.messages)
    assert "client_id: fehlt. / missing." in said
    assert "token_url: keine gültige Adresse" in said
    assert "farbe: unbekannte Einstellung" in said
    good = {
        "token_url": "https://auth.example/token",
        "submission_api_url": "https://zustelldienst.example",
        "client_id": "rathaus",
        "client_secret": "geheim",
        "destination_id": "D12CAEA8-F372-4EB1-B102-B0A228253A11",
    }
    assert channel.clean_settings(good)["destination_id"] == "d12caea8-f372-4eb1-b102-b0a228253a11"
    with pytest.raises(ValidationError, match="callback_secret"):
        channel.clean_settings(good | {"callback_secret": "kurz"})
    with pytest.raises(ValidationError, match="event_log_signing_key"):
        channel.clean_settings(good | {"event_log_signing_key": {"kty": "RSA"}})


def _post_callback(client: Client, authority: Authority, body: bytes, timestamp: int, mac: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/fit-connect/rueckruf/{authority.pk}/",
        data=body,
        content_type="application/json",
        headers={"callback-authentication": mac, "callback-timestamp": str(timestamp)},
    )


def test_a_callback_counts_only_with_the_right_hmac_and_a_fresh_timestamp(
    client: Client, kassel: Authority, zustelldienst: Running
) -> None:
    settings = zustelldienst.settings(callback_secret=CALLBACK_SECRET)
    route_save(authority=kassel, channel="fitconnect", settings=settings)
    delivery = send(client).deliveries.get()
    later = timezone.now() + timezone.timedelta(hours=1)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=later)
    transfer = FitConnectTransfer.objects.create(
        delivery_key=delivery.pk,
        destination_id=settings["destination_id"],
        submission_id=uuid.uuid4(),
        case_id=uuid.uuid4(),
    )
    body = json.dumps(
        {
            "type": "https://schema.fitko.de/fit-connect/submission-api/callbacks/new-events",
            "submissions": [
                {"submissionId": str(transfer.submission_id), "caseId": str(transfer.case_id)}
            ],
        }
    ).encode()
    now = int(time.time())
    right = callback_authentication(CALLBACK_SECRET, str(now), body)
    wrong = callback_authentication("ein-anderes-geheimnis-0123456789abcdef", str(now), body)
    old = now - 301
    assert _post_callback(client, kassel, body, now, wrong).status_code == 401
    stale = callback_authentication(CALLBACK_SECRET, str(old), body)
    assert _post_callback(client, kassel, body, old, stale).status_code == 401
    assert _post_callback(client, kassel, body + b" ", now, right).status_code == 401
    other = Authority.objects.exclude(pk=kassel.pk).first()
    assert other is not None
    assert _post_callback(client, other, body, now, right).status_code == 401
    assert client.get(f"/fit-connect/rueckruf/{kassel.pk}/").status_code == 405
    tasks_before = DBTaskResult.objects.filter(args_kwargs__args=[str(delivery.pk)]).count()
    response = _post_callback(client, kassel, body, now, right)
    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.next_attempt_at <= timezone.now()
    tasks_after = DBTaskResult.objects.filter(args_kwargs__args=[str(delivery.pk)]).count()
    assert tasks_after == tasks_before + 1


def test_an_announced_submission_the_zustelldienst_dropped_is_announced_again(
    zustelldienst: Running,
) -> None:
    package = _package()
    # as if announced two days ago: unfinished submissions are deleted after one day
    FitConnectTransfer.objects.create(
        delivery_key=package.key,
        destination_id=zustelldienst.settings()["destination_id"],
        submission_id=uuid.uuid4(),
        case_id=uuid.uuid4(),
    )
    with pytest.raises(DeliveryRetry, match="unbekannt"):
        FitConnectChannel().deliver(package, zustelldienst.settings())
    assert not FitConnectTransfer.objects.filter(delivery_key=package.key).exists()
    handover = FitConnectChannel().deliver(package, zustelldienst.settings())
    [stored] = zustelldienst.store().submissions()
    assert handover.receiver_reference == stored["id"]
