"""The test Zustelldienst as an HTTP server on loopback (stdlib ThreadingHTTPServer).

Routes requests to `endpoints`, answers problems as `application/problem+json`, and never
shows a stack trace: an unexpected error is logged and answered with a plain 500 problem.
A test can make the next call of an operation fail with 503 by creating the file
`<state>/faults/<operation>` (only `submit` is checked), as if the service were down.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rathaus.submissions.channels.fitconnect.testserver import endpoints
from rathaus.submissions.channels.fitconnect.testserver.checks import event_sign
from rathaus.submissions.channels.fitconnect.testserver.endpoints import Problem, Reply, Request
from rathaus.submissions.channels.fitconnect.testserver.state import (
    Store,
    destination_key,
    signing_key,
)

logger = logging.getLogger(__name__)

MAX_BODY = 20 * 1024 * 1024
Endpoint = Callable[["Zustelldienst", Request], Reply]
S = "(?P<{}>[^/]+)"
ROUTES: list[tuple[str, re.Pattern[str], Endpoint]] = [
    (method, re.compile(pattern + "/?"), endpoint)
    for method, pattern, endpoint in [
        ("POST", "/token", endpoints.token),
        ("GET", r"/\.well-known/jwks\.json", endpoints.jwks),
        ("GET", "/v1/destinations/" + S.format("destination"), endpoints.destination),
        (
            "GET",
            "/v1/destinations/" + S.format("destination") + "/keys/" + S.format("kid"),
            endpoints.destination_public_key,
        ),
        ("POST", "/v1/submissions", endpoints.announce),
        (
            "PUT",
            "/v1/submissions/" + S.format("submission") + "/attachments/" + S.format("attachment"),
            endpoints.upload,
        ),
        ("PUT", "/v1/submissions/" + S.format("submission"), endpoints.submit),
        ("GET", "/v1/cases/" + S.format("case") + "/events", endpoints.events),
    ]
]


class Zustelldienst(ThreadingHTTPServer):
    """One test Zustelldienst: its clients, destinations, keys and store."""

    daemon_threads = True

    def __init__(
        self,
        state_dir: Path,
        *,
        port: int,
        clients: dict[str, str],
        destinations: list[uuid.UUID],
        schema: Path,
    ) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.clients = dict(clients)
        # made (or read) once: loading a 4096-bit private key is slow
        self.destinations = {str(d): destination_key(self.state_dir, d) for d in destinations}
        self.schema = Path(schema)
        self.store = Store(self.state_dir)
        self.signing_key = signing_key(self.state_dir)
        self.tokens: dict[str, tuple[str, float]] = {}
        self.fault_lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def fault(self, operation: str) -> bool:
        """Whether a test asked this operation to fail once (the request is consumed)."""
        marker = self.state_dir / "faults" / operation
        with self.fault_lock:
            if marker.exists():
                marker.unlink()
                return True
        return False

    def event(self, submission: dict[str, Any], name: str, payload: dict[str, Any]) -> None:
        """Sign an event about the submission and add it to its case's log."""
        token = event_sign(
            self.signing_key, issuer=self.url, submission=submission, event=name, payload=payload
        )
        self.store.event_add(submission["case_id"], token)


def _route(method: str, path: str) -> tuple[Endpoint, dict[str, str]]:
    allowed = False
    for route_method, pattern, endpoint in ROUTES:
        match = pattern.fullmatch(path)
        if match and route_method == method:
            return endpoint, match.groupdict()
        allowed = allowed or bool(match)
    if allowed:
        raise Problem(405, "method-not-allowed", f"Methode {method} hier nicht erlaubt")
    raise Problem(404, "not-found", "Diese Adresse gibt es nicht", path)


class _Handler(BaseHTTPRequestHandler):
    server: Zustelldienst
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def _body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise Problem(400, "invalid-request", "Content-Length ist keine Zahl") from None
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            raise Problem(413, "payload-too-large", "Anfrage ist zu groß")
        return self.rfile.read(length)

    def _handle(self, method: str) -> None:
        try:
            body = self._body()
            endpoint, params = _route(method, urlsplit(self.path).path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            reply = endpoint(self.server, Request(method, self.path, headers, body, params))
        except Problem as problem:
            reply = Reply(problem.status, problem.document(), "application/problem+json")
        except Exception:  # never a stack trace to the client; the log has it
            logger.exception("Testserver: Fehler bei %s %s", method, self.path)
            failure = Problem(500, "internal-error", "Interner Fehler")
            reply = Reply(500, failure.document(), "application/problem+json")
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        content = b"" if reply.body is None else json.dumps(reply.body).encode()
        self.send_response(reply.status)
        if content:
            self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)
