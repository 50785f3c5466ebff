"""The test Zustelldienst answers hostile input with RFC 7807 problems, never a trace."""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from rathaus.submissions.channels.fitconnect.testserver import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_DESTINATION,
    Zustelldienst,
    zustelldienst_start,
)
from tests.submissions.zustelldienst import schema_path

SERVICE = {"name": "Bauantrag", "identifier": "urn:de:fim:leika:leistung:99115005104000"}
JWE = "eyJhbGciOiJSU0EtT0FFUC0yNTYifQ.a2V5.aXY.Y2lwaGVy.dGFn"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Zustelldienst]:
    """Started in a thread from Python, the way the demo starts it."""
    running, _url = zustelldienst_start(tmp_path_factory.mktemp("zd"), schema=schema_path())
    yield running
    running.shutdown()
    running.server_close()


@pytest.fixture
def api(server: Zustelldienst) -> Iterator[httpx.Client]:
    token = httpx.post(
        server.url + "/token",
        data={"grant_type": "client_credentials"},
        auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
    ).json()["access_token"]
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}) as c:
        yield c


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "Traceback" not in response.text
    document: dict[str, Any] = response.json()
    assert document["status"] == status
    assert document["type"].startswith("https://schema.fitko.de/fit-connect/submission-api/")
    return document


def _announce(api: httpx.Client, attachments: list[str]) -> dict[str, Any]:
    body = {
        "destinationId": str(DEMO_DESTINATION),
        "announcedAttachments": attachments,
        "serviceType": SERVICE,
    }
    response = api.post("/v1/submissions", json=body)
    assert response.status_code == 201, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_a_token_needs_the_right_client_secret(server: Zustelldienst) -> None:
    wrong = {"grant_type": "client_credentials", "client_id": DEMO_CLIENT_ID}
    refused = httpx.post(server.url + "/token", data=wrong | {"client_secret": "falsch"})
    assert refused.status_code == 401 and refused.json() == {"error": "invalid_client"}
    other_grant = httpx.post(server.url + "/token", data={"grant_type": "password"})
    assert other_grant.status_code == 400
    given = wrong | {"client_secret": DEMO_CLIENT_SECRET}
    assert httpx.post(server.url + "/token", data=given).json()["token_type"] == "Bearer"


def test_calls_without_a_valid_token_are_refused(server: Zustelldienst) -> None:
    url = f"{server.url}/v1/destinations/{DEMO_DESTINATION}"
    _problem(httpx.get(url), 401)
    _problem(httpx.get(url, headers={"Authorization": "Bearer erfunden"}), 401)


def test_unknown_ids_and_paths_are_not_found(api: httpx.Client) -> None:
    _problem(api.get(f"/v1/destinations/{uuid.uuid4()}"), 404)
    _problem(api.get("/v1/destinations/kein-uuid"), 404)
    _problem(api.get(f"/v1/destinations/{DEMO_DESTINATION}/keys/fremd"), 404)
    _problem(api.get(f"/v1/cases/{uuid.uuid4()}/events"), 404)
    _problem(api.put(f"/v1/submissions/{uuid.uuid4()}", json={}), 404)
    _problem(api.get("/../../etc/passwd"), 404)
    _problem(api.delete(f"/v1/submissions/{uuid.uuid4()}"), 405)


def test_bad_announcements_are_problems(api: httpx.Client) -> None:
    headers = {"Content-Type": "application/json"}
    _problem(api.post("/v1/submissions", content=b"{kaputt", headers=headers), 400)
    _problem(api.post("/v1/submissions", content=b"[]", headers=headers), 422)
    _problem(api.post("/v1/submissions", content=b"destinationId=1"), 415)
    body = {"destinationId": str(DEMO_DESTINATION), "announcedAttachments": []}
    _problem(api.post("/v1/submissions", json=body), 422)
    service = SERVICE | {"identifier": "urn:de:fim:leika:leistung:123"}
    _problem(api.post("/v1/submissions", json=body | {"serviceType": service}), 422)
    unknown = body | {"serviceType": SERVICE, "destinationId": str(uuid.uuid4())}
    assert _problem(api.post("/v1/submissions", json=unknown), 404)["title"].startswith(
        "Zustellpunkt"
    )


def test_uploads_must_be_announced_jwe_with_the_jose_content_type(api: httpx.Client) -> None:
    announced = str(uuid.uuid4())
    sid = _announce(api, [announced])["submissionId"]
    jose = {"Content-Type": "application/jose"}
    other = api.put(f"/v1/submissions/{sid}/attachments/{uuid.uuid4()}", content=JWE, headers=jose)
    assert _problem(other, 404)["title"] == "Anlage nicht angekündigt"
    url = f"/v1/submissions/{sid}/attachments/{announced}"
    _problem(api.put(url, content=JWE, headers={"Content-Type": "application/pdf"}), 415)
    _problem(api.put(url, content=b"%PDF-1.7", headers=jose), 422)
    assert api.put(url, content=JWE, headers=jose).status_code == 204
    # the submit needs every announced attachment and JWE strings
    _problem(api.put(f"/v1/submissions/{sid}", json={"encryptedMetadata": JWE}), 422)


def test_a_submit_without_its_attachments_is_a_problem(api: httpx.Client) -> None:
    sid = _announce(api, [str(uuid.uuid4())])["submissionId"]
    body = {"encryptedMetadata": JWE, "encryptedData": JWE}
    assert _problem(api.put(f"/v1/submissions/{sid}", json=body), 422)["title"] == (
        "Angekündigte Anlagen fehlen"
    )


def test_undecryptable_content_is_rejected_in_the_event_log_and_kept_once(
    api: httpx.Client,
) -> None:
    announced = _announce(api, [])
    sid, case = announced["submissionId"], announced["caseId"]
    body = {"encryptedMetadata": JWE, "encryptedData": JWE}
    assert api.put(f"/v1/submissions/{sid}", json=body).status_code == 202
    assert api.put(f"/v1/submissions/{sid}", json=body).status_code == 202  # no second one
    log = api.get(f"/v1/cases/{case}/events").json()["eventLog"]
    events = [json.loads(httpx._utils.to_str(_payload(token)))["events"] for token in log]
    names = [next(iter(e)).rsplit("/", 1)[1] for e in events]
    assert names == ["submit-submission", "reject-submission"]
    problems = next(iter(events[1].values()))["problems"]
    assert any(p["type"].endswith("encryption-issue") for p in problems)


def _payload(token: str) -> bytes:
    import base64

    part = token.split(".")[1]
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def test_another_clients_submission_is_not_found(api: httpx.Client, tmp_path: Path) -> None:
    sid = _announce(api, [])["submissionId"]
    stranger, url = zustelldienst_start(
        tmp_path,
        clients={"fremd": "fremdes-geheimnis"},
        schema=schema_path(),
    )
    try:
        # another server knows nothing of it, and a stranger's token does not open it here
        token = httpx.post(
            url + "/token",
            data={"grant_type": "client_credentials"},
            auth=("fremd", "fremdes-geheimnis"),
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        _problem(httpx.put(f"{url}/v1/submissions/{sid}", json={}, headers=headers), 404)
    finally:
        stranger.shutdown()
        stranger.server_close()


def test_an_oversized_or_garbled_request_is_a_problem(server: Zustelldienst) -> None:
    with socket.create_connection(server.server_address[:2]) as raw:
        raw.sendall(
            b"POST /v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n"
        )
        answer = raw.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 413") and "problem+json" in answer
    with socket.create_connection(server.server_address[:2]) as raw:
        raw.sendall(b"GET /token HTTP/1.1\r\nHost: x\r\nContent-Length: zwei\r\n\r\n")
        answer = raw.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 400") and "Traceback" not in answer
