"""The test Zustelldienst's endpoints: token, destinations, submissions, event log.

Each takes the server and the request and returns a `Reply`, or raises `Problem`
(RFC 7807). Checks follow the Submission API v1: a bearer token on every call, only the
client's own submissions and cases, announced attachments only, JWE compact bodies.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from rathaus.submissions.channels.fitconnect.testserver.checks import (
    PROBLEMS,
    submission_check,
)

if TYPE_CHECKING:
    from rathaus.submissions.channels.fitconnect.testserver.server import Zustelldienst

TOKEN_SECONDS = 1800
LEIKA = re.compile(r"urn:de:fim:leika:leistung:\d{14}")
JWE_COMPACT = re.compile(
    r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"
)


class Problem(Exception):
    """An RFC 7807 problem answer."""

    def __init__(self, status: int, slug: str, title: str, detail: str = "") -> None:
        super().__init__(title)
        self.status, self.slug, self.title, self.detail = status, slug, title, detail

    def document(self) -> dict[str, Any]:
        found = {"type": PROBLEMS + self.slug, "title": self.title, "status": self.status}
        return found | ({"detail": self.detail} if self.detail else {})


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Reply:
    status: int
    body: dict[str, Any] | None = None
    content_type: str = "application/json"


def _uuid(value: str, what: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise Problem(
            404, "not-found", f"{what} nicht gefunden", f"{value!r} ist keine UUID"
        ) from None


def _json_body(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise Problem(415, "unsupported-media-type", "Content-Type muss application/json sein")
    try:
        body = json.loads(request.body)
    except ValueError:
        raise Problem(400, "invalid-json", "Anfrage ist kein gültiges JSON") from None
    if not isinstance(body, dict):
        raise Problem(422, "invalid-request", "Anfrage muss ein JSON-Objekt sein")
    return body


def _client(server: Zustelldienst, request: Request) -> str:
    scheme, _sep, token = request.headers.get("authorization", "").partition(" ")
    found = server.tokens.get(token) if scheme.lower() == "bearer" else None
    if found is None or found[1] < time.time():
        raise Problem(401, "unauthorized", "Gültiges Bearer-Token fehlt")
    return found[0]


def token(server: Zustelldienst, request: Request) -> Reply:
    """OAuth 2.0 client_credentials; credentials in the body or as HTTP Basic."""
    form = {k: v[0] for k, v in parse_qs(request.body.decode("utf-8", "replace")).items()}
    client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    scheme, _sep, basic = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            client_id, _sep, secret = base64.b64decode(basic).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            client_id = ""
    if form.get("grant_type") != "client_credentials":
        return Reply(400, {"error": "unsupported_grant_type"})
    expected = server.clients.get(client_id)
    if expected is None or not secrets.compare_digest(expected.encode(), secret.encode()):
        return Reply(401, {"error": "invalid_client"})
    issued = secrets.token_urlsafe(32)
    server.tokens[issued] = (client_id, time.time() + TOKEN_SECONDS)
    return Reply(200, {"access_token": issued, "token_type": "Bearer", "expires_in": TOKEN_SECONDS})


def jwks(server: Zustelldienst, request: Request) -> Reply:
    public = server.signing_key.export_public(as_dict=True)
    return Reply(200, {"keys": [public | {"key_ops": ["verify"]}]})


def _destination(server: Zustelldienst, value: str) -> str:
    destination_id = _uuid(value, "Zustellpunkt")
    if destination_id not in server.destinations:
        raise Problem(404, "destination-not-found", "Zustellpunkt nicht gefunden", destination_id)
    return destination_id


def destination(server: Zustelldienst, request: Request) -> Reply:
    _client(server, request)
    destination_id = _destination(server, request.params["destination"])
    key = server.destinations[destination_id]
    document = {
        "destinationId": destination_id,
        "status": "active",
        "encryptionKid": key.get("kid"),
        "metadataVersions": ["1.0.0"],
        "services": [],  # this test server accepts every LeiKa service
    }
    return Reply(200, document)


def destination_public_key(server: Zustelldienst, request: Request) -> Reply:
    _client(server, request)
    destination_id = _destination(server, request.params["destination"])
    key = server.destinations[destination_id]
    if request.params["kid"] != key.get("kid"):
        raise Problem(404, "key-not-found", "Schlüssel nicht gefunden", request.params["kid"])
    return Reply(200, key.export_public(as_dict=True) | {"key_ops": ["wrapKey"]})


def _announcement(body: dict[str, Any]) -> list[str]:
    """The announced attachment ids of a valid announce body; raises otherwise."""
    service = body.get("serviceType")
    if not isinstance(service, dict) or not isinstance(service.get("name"), str):
        raise Problem(422, "invalid-request", "serviceType mit name und identifier fehlt")
    if not LEIKA.fullmatch(str(service.get("identifier", ""))):
        raise Problem(422, "invalid-request", "serviceType.identifier ist keine LeiKa-URN")
    announced = body.get("announcedAttachments")
    if not isinstance(announced, list):
        raise Problem(422, "invalid-request", "announcedAttachments fehlt")
    ids = [_uuid(str(a), "Anlage") for a in announced]
    if len(set(ids)) != len(ids):
        raise Problem(422, "invalid-request", "announcedAttachments enthält Doppelte")
    return ids


def announce(server: Zustelldienst, request: Request) -> Reply:
    client_id = _client(server, request)
    body = _json_body(request)
    destination_id = _destination(server, str(body.get("destinationId", "")))
    body["announcedAttachments"] = _announcement(body)
    submission_id = server.store.announce(
        destination_id=destination_id, client_id=client_id, body=body
    )
    stored = server.store.submission(submission_id) or {}
    answer = {"destinationId": destination_id, "submissionId": submission_id}
    return Reply(201, answer | {"caseId": stored["case_id"]})


def _own_submission(server: Zustelldienst, request: Request) -> dict[str, Any]:
    client_id = _client(server, request)
    submission_id = _uuid(request.params["submission"], "Einreichung")
    stored = server.store.submission(submission_id)
    if stored is None or stored["client_id"] != client_id:
        raise Problem(404, "submission-not-found", "Einreichung nicht gefunden", submission_id)
    return stored


def upload(server: Zustelldienst, request: Request) -> Reply:
    stored = _own_submission(server, request)
    attachment_id = _uuid(request.params["attachment"], "Anlage")
    if attachment_id not in json.loads(stored["announced"]):
        raise Problem(404, "attachment-not-announced", "Anlage nicht angekündigt", attachment_id)
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/jose":
        raise Problem(415, "unsupported-media-type", "Content-Type muss application/jose sein")
    if stored["state"] != "announced":
        raise Problem(409, "submission-state", "Einreichung ist schon abgeschickt")
    body = request.body.decode("ascii", "replace").strip()
    if not JWE_COMPACT.fullmatch(body):
        raise Problem(422, "invalid-jwe", "Inhalt ist kein JWE (Compact Serialization)")
    server.store.upload(stored["id"], attachment_id, body)
    return Reply(204)


def submit(server: Zustelldienst, request: Request) -> Reply:
    stored = _own_submission(server, request)
    body = _json_body(request)
    parts = {name: body.get(name) for name in ("encryptedMetadata", "encryptedData")}
    for name, value in parts.items():
        if not isinstance(value, str) or not JWE_COMPACT.fullmatch(value):
            raise Problem(422, "invalid-request", f"{name} fehlt oder ist kein JWE")
    answer = {"destinationId": stored["destination_id"], "submissionId": stored["id"]}
    answer["caseId"] = stored["case_id"]
    if stored["state"] != "announced":  # the same submit again: nothing new is created
        return Reply(202, answer)
    missing = set(json.loads(stored["announced"])) - set(server.store.attachments(stored["id"]))
    if missing:
        raise Problem(
            422, "missing-attachments", "Angekündigte Anlagen fehlen", str(sorted(missing))
        )
    if server.fault("submit"):
        raise Problem(503, "unavailable", "Zustelldienst vorübergehend nicht verfügbar")
    metadata, data = str(parts["encryptedMetadata"]), str(parts["encryptedData"])
    if server.store.submit(stored["id"], metadata=metadata, data=data):
        _after_submit(server, stored["id"])
    return Reply(202, answer)


def _after_submit(server: Zustelldienst, submission_id: str) -> None:
    """Log `submit-submission`; then check like a subscriber and reject what is unsound."""
    stored = server.store.submission(submission_id) or {}
    server.event(stored, "submit-submission", {})
    key = server.destinations[stored["destination_id"]]
    found = submission_check(
        stored, server.store.attachments(submission_id), key=key, schema=server.schema
    )
    if found.problems:
        server.store.reject(submission_id)
        server.event(stored, "reject-submission", {"problems": found.problems})


def events(server: Zustelldienst, request: Request) -> Reply:
    client_id = _client(server, request)
    case_id = _uuid(request.params["case"], "Vorgang")
    stored = server.store.case(case_id)
    if stored is None or stored["client_id"] != client_id:
        raise Problem(404, "case-not-found", "Vorgang nicht gefunden", case_id)
    log = server.store.events(case_id)
    return Reply(200, {"offset": 0, "count": len(log), "totalCount": len(log), "eventLog": log})
