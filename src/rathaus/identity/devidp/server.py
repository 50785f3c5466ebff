"""The development IdP as its own process: `python -m rathaus.identity.devidp --port N --state DIR`.

Plain http.server, no Django. SAML: GET /metadata, POST /sso (shows the persons), POST
/sso/antwort (posts the signed response to the SP's ACS through an auto-submitting form).
OIDC: GET /.well-known/openid-configuration, GET /oidc/jwks, GET /oidc/authorize (shows the
persons), POST /oidc/authorize (redirects back with a code or access_denied), POST /oidc/token.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from saml2.server import Server

from rathaus.identity.devidp.idp import (
    IdpSettings,
    authn_request_parse,
    authn_response_create,
    idp_metadata_xml,
    idp_server,
    test_persons_load,
)
from rathaus.identity.devidp.oidc import (
    CLIENT_SECRET_VARIABLE,
    FAULTS,
    Authorization,
    AuthorizationError,
    OidcClient,
    OidcProvider,
    RedirectError,
)
from rathaus.identity.devidp.pages import NO_FAULT, choice_page, page, post_page
from rathaus.identity.keys import key_pair_ensure
from rathaus.identity.trust import TrustLevel

logger = logging.getLogger("rathaus.identity.devidp")
MAX_BODY = 1_000_000
HTML = "text/html; charset=utf-8"
JSON = "application/json"


class Handler(BaseHTTPRequestHandler):
    server_version = "RathausDevIdP/1"
    idp: Server
    metadata: str
    persons: list[dict[str, str]]
    oidc: OidcProvider

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def _route(self, method: str) -> None:
        url = urlsplit(self.path)
        try:
            if method == "GET":
                self._get(url.path, {key: values[0] for key, values in parse_qs(url.query).items()})
            else:
                self._post(url.path, self._form())
        except Exception as error:  # pysaml2 raises many types; each is a bad request here
            logger.warning("devidp: refused request: %s: %s", type(error).__name__, error)
            body = page("Anfrage abgelehnt", f"<p>{escape(type(error).__name__)}</p>")
            self._send(400, body, HTML)

    def _get(self, path: str, query: dict[str, str]) -> None:
        if path == "/metadata":
            self._send(200, self.metadata.encode(), "application/samlmetadata+xml")
        elif path == "/.well-known/openid-configuration":
            self._json(200, self.oidc.discovery())
        elif path == "/oidc/jwks":
            self._json(200, self.oidc.jwks())
        elif path == "/oidc/authorize":
            self._authorize(query, answer=False)
        else:
            self._send(404, page("Nicht gefunden", ""), HTML)

    def _post(self, path: str, form: dict[str, str]) -> None:
        if path == "/sso":
            self._send(200, self._choose(form), HTML)
        elif path == "/sso/antwort":
            self._send(200, self._answer(form), HTML)
        elif path == "/oidc/authorize":
            self._authorize(form, answer=True)
        elif path == "/oidc/token":
            status, body = self.oidc.token(form, self.headers.get("Authorization"))
            if status != 200:
                logger.warning("devidp: token request refused: %s", body)
            self._json(status, body)
        else:
            self._send(404, page("Nicht gefunden", ""), HTML)

    def _choose(self, form: dict[str, str]) -> bytes:
        request = authn_request_parse(self.idp, form["SAMLRequest"])
        fields = {"SAMLRequest": form["SAMLRequest"], "RelayState": form.get("RelayState", "")}
        return choice_page(
            action="/sso/antwort",
            request_fields=fields,
            persons=self.persons,
            level=request.requested_level.value,
        )

    def _answer(self, form: dict[str, str]) -> bytes:
        request = authn_request_parse(self.idp, form["SAMLRequest"])
        person = next(p for p in self.persons if p["id"] == form["person"])
        response = authn_response_create(self.idp, request, person, TrustLevel(form["level"]))
        fields = {"SAMLResponse": response, "RelayState": form.get("RelayState", "")}
        return post_page(request.acs_url, fields)

    def _authorize(self, params: dict[str, str], *, answer: bool) -> None:
        """The person choice for an authorization request, or (answer) the way back."""
        request_fields = {
            key: value
            for key, value in params.items()
            if key not in ("person", "level", "fault", "aktion")
        }
        try:
            authorization = self.oidc.authorization_check(request_fields)
            if not answer:
                self._send(200, self._oidc_choice(request_fields, authorization), HTML)
                return
            if params.get("aktion") == "abbrechen":
                target = self.oidc.error_redirect(request_fields, "access_denied", "abgebrochen")
            else:
                person = next(p for p in self.persons if p["id"] == params.get("person"))
                level = TrustLevel(params.get("level", ""))
                fault = params.get("fault", NO_FAULT)
                target = self.oidc.code_issue(
                    authorization, person, level, "" if fault == NO_FAULT else fault
                )
        except AuthorizationError as error:
            logger.warning("devidp: authorization refused: %s", error)
            self._send(400, page("Anfrage abgelehnt", f"<p>{escape(str(error))}</p>"), HTML)
            return
        except RedirectError as error:  # client and redirect URI are checked by now
            logger.warning("devidp: authorization refused: %s", error)
            target = self.oidc.error_redirect(request_fields, error.error, error.description)
        self._redirect(target)

    def _oidc_choice(self, request_fields: dict[str, str], authorization: Authorization) -> bytes:
        return choice_page(
            action="/oidc/authorize",
            request_fields=request_fields,
            persons=self.persons,
            level=authorization.requested_level.value,
            faults=FAULTS if self.oidc.test_faults else None,
            cancel=True,
        )

    def _form(self) -> dict[str, str]:
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        parsed = parse_qs(self.rfile.read(length).decode("utf-8"))
        return {key: values[0] for key, values in parsed.items()}

    def _json(self, status: int, document: dict[str, Any]) -> None:
        self._send(status, json.dumps(document).encode(), JSON, {"Cache-Control": "no-store"})

    def _redirect(self, target: str) -> None:
        self._send(303, b"", HTML, {"Location": target})

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        logger.info("devidp: " + format, *args)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    default_data = os.environ.get("RATHAUS_DATA_DIR") or str(
        Path(__file__).resolve().parents[5] / "shared" / "data"
    )
    parser = argparse.ArgumentParser(description="Entwicklungs-BundID (nur Demo und Tests)")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--state", type=Path, required=True, help="Schlüssel und Metadaten")
    parser.add_argument("--base-url", help="öffentliche Adresse (Standard http://host:port)")
    parser.add_argument("--sp-metadata", action="append", default=[], help="Pfad oder URL")
    parser.add_argument("--data-dir", type=Path, default=Path(default_data))
    parser.add_argument("--assertion-lifetime", type=int, default=300, help="Sekunden")
    parser.add_argument("--oidc-client-id", help="der eine OIDC-Client (Rathaus)")
    parser.add_argument(
        "--oidc-client-secret",
        default=os.environ.get(CLIENT_SECRET_VARIABLE, ""),
        help=f"Standard: die Umgebungsvariable {CLIENT_SECRET_VARIABLE}",
    )
    parser.add_argument("--oidc-redirect-uri", action="append", default=[], help="erlaubt")
    parser.add_argument(
        "--test-faults", action="store_true", help="nur Tests: falsche OIDC-Antworten anbieten"
    )
    return parser.parse_args(argv)


def _oidc_provider(args: argparse.Namespace, base_url: str) -> OidcProvider:
    client = None
    if args.oidc_client_id:
        client = OidcClient(
            client_id=args.oidc_client_id,
            client_secret=args.oidc_client_secret,
            redirect_uris=tuple(args.oidc_redirect_uri),
        )
    pair = key_pair_ensure(directory=args.state / "keys", common_name="Rathaus dev IdP")
    return OidcProvider(
        issuer=base_url, client=client, key_file=pair.key_file, test_faults=args.test_faults
    )


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if os.environ.get("RATHAUS_ENV") == "production":
        print("Die Entwicklungs-BundID startet nicht in Produktion.", file=sys.stderr)
        return 2
    args = _arguments(argv)
    conf = IdpSettings(
        base_url=(args.base_url or f"http://{args.host}:{args.port}").rstrip("/"),
        state_dir=args.state,
        data_dir=args.data_dir,
        sp_metadata=args.sp_metadata,
        assertion_lifetime_seconds=args.assertion_lifetime,
    )
    Handler.idp = idp_server(conf)
    Handler.metadata = idp_metadata_xml(Handler.idp)
    Handler.persons = test_persons_load(conf.data_dir)
    Handler.oidc = _oidc_provider(args, conf.base_url)
    (conf.state_dir / "idp-metadata.xml").write_text(Handler.metadata, encoding="utf-8")
    httpd = ThreadingHTTPServer((args.host, args.port), Handler)
    logger.info("devidp: listening on %s:%s as %s", args.host, args.port, conf.base_url)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0
