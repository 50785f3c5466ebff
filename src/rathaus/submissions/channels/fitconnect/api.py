"""The sender's side of the FIT-Connect Submission API v1 over HTTP (httpx).

Answers become exceptions the outbox understands: a Zustelldienst that is down, slow or
rate-limiting means `DeliveryRetry`; an answer that says the settings are wrong (unknown
client, unknown destination) means `DeliveryRefused`. RFC 7807 problems are quoted.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from rathaus.submissions.delivery.base import DeliveryRefused, DeliveryRetry

TIMEOUT = httpx.Timeout(30.0, connect=10.0)
JOSE = "application/jose"


@dataclass(frozen=True)
class Config:
    token_url: str
    submission_api_url: str
    client_id: str
    client_secret: str
    destination_id: uuid.UUID


def _problem(response: httpx.Response) -> str:
    """The problem's title and detail (RFC 7807), or the status alone."""
    text = f"HTTP {response.status_code}"
    try:
        body = response.json()
    except ValueError:
        return text
    if isinstance(body, dict):
        said = body.get("detail") or body.get("title") or body.get("error_description")
        said = said or body.get("error")
        if said:
            text += f": {str(said)[:300]}"
    return text


def _check(response: httpx.Response, action: str) -> httpx.Response:
    """The response if it succeeded; otherwise the exception its status calls for."""
    if response.is_success:
        return response
    status = response.status_code
    reason = f"FIT-Connect {action}: {_problem(response)}"
    if status in (408, 425, 429) or status >= 500:
        raise DeliveryRetry(reason)
    raise DeliveryRefused(reason)


class SubmissionGone(DeliveryRetry):
    """The Zustelldienst no longer knows the submission (unfinished ones expire in a day)."""


class SubmissionApi:
    """One attempt's connection to the Zustelldienst, authenticated once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.base = config.submission_api_url.rstrip("/")
        self.http = httpx.Client(timeout=TIMEOUT, follow_redirects=False)
        self.token = ""

    def close(self) -> None:
        self.http.close()

    def _request(self, method: str, url: str, action: str, **kwargs: Any) -> httpx.Response:
        headers = kwargs.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            return self.http.request(method, url, headers=headers, **kwargs)
        except httpx.HTTPError as error:
            raise DeliveryRetry(f"FIT-Connect {action}: nicht erreichbar ({error!r})") from error

    def _send(self, method: str, url: str, action: str, **kwargs: Any) -> httpx.Response:
        return _check(self._request(method, url, action, **kwargs), action)

    def _json(self, response: httpx.Response, action: str) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError as error:
            raise DeliveryRetry(f"FIT-Connect {action}: Antwort ist kein JSON") from error
        if not isinstance(body, dict):
            raise DeliveryRetry(f"FIT-Connect {action}: Antwort ist kein JSON-Objekt")
        return body

    def authenticate(self) -> None:
        """Get a bearer token with the client credentials (OAuth 2.0 client_credentials)."""
        form = {
            "grant_type": "client_credentials",
            "client_id": self.config.client_id,
            "client_secret": self.config.client_secret,
        }
        action = "Anmeldung (Token)"
        try:
            response = self.http.post(self.config.token_url, data=form)
        except httpx.HTTPError as error:
            raise DeliveryRetry(f"FIT-Connect {action}: nicht erreichbar ({error!r})") from error
        if response.status_code in (400, 401):
            raise DeliveryRefused(
                f"FIT-Connect {action}: Client-ID oder Client-Secret abgelehnt "
                f"({_problem(response)}). / Client id or secret refused: check the route."
            )
        token = self._json(_check(response, action), action).get("access_token")
        if not isinstance(token, str) or not token:
            raise DeliveryRetry(f"FIT-Connect {action}: Antwort ohne access_token")
        self.token = token

    def destination(self) -> dict[str, Any]:
        action = "Zustellpunkt lesen"
        url = f"{self.base}/v1/destinations/{self.config.destination_id}"
        return self._json(self._send("GET", url, action), action)

    def destination_key(self, kid: str) -> dict[str, Any]:
        action = "Schlüssel des Zustellpunkts lesen"
        url = f"{self.base}/v1/destinations/{self.config.destination_id}/keys/{kid}"
        return self._json(self._send("GET", url, action), action)

    def announce(
        self, *, service_type: dict[str, str], attachments: list[uuid.UUID]
    ) -> tuple[uuid.UUID, uuid.UUID]:
        """Announce a submission; returns the Zustelldienst's submission and case id."""
        action = "Einreichung ankündigen"
        body = {
            "destinationId": str(self.config.destination_id),
            "announcedAttachments": [str(a) for a in attachments],
            "serviceType": service_type,
        }
        answer = self._json(
            self._send("POST", f"{self.base}/v1/submissions", action, json=body), action
        )
        try:
            return uuid.UUID(str(answer["submissionId"])), uuid.UUID(str(answer["caseId"]))
        except (KeyError, ValueError) as error:
            raise DeliveryRetry(f"FIT-Connect {action}: Antwort ohne gültige Ids") from error

    def _put(self, url: str, action: str, **kwargs: Any) -> None:
        """PUT to an announced submission; 404 means the Zustelldienst dropped it."""
        response = self._request("PUT", url, action, **kwargs)
        if response.status_code == 404:
            raise SubmissionGone(
                f"FIT-Connect {action}: Einreichung unbekannt ({_problem(response)})"
            )
        _check(response, action)

    def upload(self, submission_id: uuid.UUID, attachment_id: uuid.UUID, jwe: str) -> None:
        url = f"{self.base}/v1/submissions/{submission_id}/attachments/{attachment_id}"
        headers = {"Content-Type": JOSE}
        self._put(url, "Anlage hochladen", content=jwe.encode(), headers=headers)

    def submit(self, submission_id: uuid.UUID, *, metadata: str, data: str) -> None:
        body = {"encryptedMetadata": metadata, "encryptedData": data}
        self._put(f"{self.base}/v1/submissions/{submission_id}", "Einreichung absenden", json=body)

    def events(self, case_id: uuid.UUID) -> list[str]:
        """The case's event log: Security Event Tokens, still to be verified."""
        action = "Ereignisprotokoll lesen"
        url = f"{self.base}/v1/cases/{case_id}/events"
        response = self._request("GET", url, action, params={"limit": 500})
        if response.status_code == 404:
            raise SubmissionGone(f"FIT-Connect {action}: Vorgang unbekannt ({_problem(response)})")
        answer = self._json(_check(response, action), action)
        log = answer.get("eventLog")
        if not isinstance(log, list) or not all(isinstance(t, str) for t in log):
            raise DeliveryRetry(f"FIT-Connect {action}: eventLog fehlt oder ist keine Liste")
        return log

    def jwks(self, url: str) -> dict[str, Any]:
        """The Zustelldienst's published signature keys (fetched without the token)."""
        action = "Signaturschlüssel (JWKS) lesen"
        try:
            response = self.http.get(url)
        except httpx.HTTPError as error:
            raise DeliveryRetry(f"FIT-Connect {action}: nicht erreichbar ({error!r})") from error
        return self._json(_check(response, action), action)
