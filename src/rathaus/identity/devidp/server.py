"""The development IdP as its own process: `python -m rathaus.identity.devidp --port N --state DIR`.

Plain http.server, no Django: GET /metadata, POST /sso (shows the persons), POST /sso/antwort
(posts the signed response to the SP's ACS through an auto-submitting form).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from saml2.server import Server

from rathaus.identity.devidp.idp import (
    IdpSettings,
    authn_request_parse,
    authn_response_create,
    idp_metadata_xml,
    idp_server,
    test_persons_load,
)
from rathaus.identity.trust import TrustLevel

logger = logging.getLogger("rathaus.identity.devidp")
MAX_BODY = 1_000_000
LEVEL_LABELS = {
    TrustLevel.NIEDRIG: "niedrig (Basisregistrierung, STORK-QAA-Level-1)",
    TrustLevel.SUBSTANZIELL: "substanziell (ELSTER-Zertifikat, STORK-QAA-Level-3)",
    TrustLevel.HOCH: "hoch (Online-Ausweis, STORK-QAA-Level-4)",
}


def _page(title: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} – Entwicklungs-BundID</title></head><body><main>"
        f"<h1>{escape(title)}</h1>{body}</main></body></html>"
    ).encode()


def _hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'


def _choice_page(
    request_fields: dict[str, str], persons: list[dict[str, str]], level: str
) -> bytes:
    people = "".join(
        f'<div><input type="radio" name="person" id="p-{escape(p["id"])}" value="{escape(p["id"])}"'
        f'{" checked" if index == 0 else ""}><label for="p-{escape(p["id"])}">'
        f"{escape(p.get('givenname', ''))} {escape(p.get('surname', ''))}, "
        f"{escape(p.get('localityName', 'ohne Adresse'))}</label></div>"
        for index, p in enumerate(persons)
    )
    levels = "".join(
        f'<div><input type="radio" name="level" id="l-{item.value}" value="{item.value}"'
        f'{" checked" if item.value == level else ""}><label for="l-{item.value}">'
        f"{escape(label)}</label></div>"
        for item, label in LEVEL_LABELS.items()
    )
    hidden = "".join(_hidden(name, value) for name, value in request_fields.items())
    body = (
        "<p>Nur für Entwicklung und Tests: wählen Sie eine fiktive Person.</p>"
        f'<form method="post" action="/sso/antwort">{hidden}'
        f"<fieldset><legend>Testperson</legend>{people}</fieldset>"
        f"<fieldset><legend>Vertrauensniveau</legend>{levels}</fieldset>"
        '<button type="submit">Anmelden</button></form>'
    )
    return _page("Anmelden mit BundID (Entwicklung)", body)


def _post_page(action: str, fields: dict[str, str]) -> bytes:
    hidden = "".join(_hidden(name, value) for name, value in fields.items())
    body = (
        f'<form method="post" action="{escape(action)}" id="saml-post">{hidden}'
        "<p>Sie werden zurück zum Portal geleitet.</p>"
        '<button type="submit">Weiter zum Portal</button></form>'
        '<script>document.getElementById("saml-post").submit();</script>'
    )
    return _page("Weiter zum Portal", body)


class Handler(BaseHTTPRequestHandler):
    server_version = "RathausDevIdP/1"
    idp: Server
    metadata: str
    persons: list[dict[str, str]]

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/metadata":
            self._send(200, self.metadata.encode(), "application/samlmetadata+xml")
        else:
            self._send(404, _page("Nicht gefunden", ""), "text/html; charset=utf-8")

    def do_POST(self) -> None:
        form = self._form()
        try:
            if self.path == "/sso":
                self._send(200, self._choose(form), "text/html; charset=utf-8")
            elif self.path == "/sso/antwort":
                self._send(200, self._answer(form), "text/html; charset=utf-8")
            else:
                self._send(404, _page("Nicht gefunden", ""), "text/html; charset=utf-8")
        except Exception as error:  # pysaml2 raises many types; each is a bad request here
            logger.warning("devidp: refused request: %s: %s", type(error).__name__, error)
            body = _page("Anfrage abgelehnt", f"<p>{escape(type(error).__name__)}</p>")
            self._send(400, body, "text/html; charset=utf-8")

    def _choose(self, form: dict[str, str]) -> bytes:
        request = authn_request_parse(self.idp, form["SAMLRequest"])
        fields = {"SAMLRequest": form["SAMLRequest"], "RelayState": form.get("RelayState", "")}
        return _choice_page(fields, self.persons, request.requested_level.value)

    def _answer(self, form: dict[str, str]) -> bytes:
        request = authn_request_parse(self.idp, form["SAMLRequest"])
        person = next(p for p in self.persons if p["id"] == form["person"])
        response = authn_response_create(self.idp, request, person, TrustLevel(form["level"]))
        fields = {"SAMLResponse": response, "RelayState": form.get("RelayState", "")}
        return _post_page(request.acs_url, fields)

    def _form(self) -> dict[str, str]:
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        parsed = parse_qs(self.rfile.read(length).decode("utf-8"))
        return {key: values[0] for key, values in parsed.items()}

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
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
    return parser.parse_args(argv)


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
