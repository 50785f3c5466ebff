"""An authority's webhook receiver on loopback, as a real HTTP server.

It checks the signature and time window, stores each idempotency key once (sqlite, so
it survives its own restarts and can run as a separate process), counts every request,
and can be switched to answer 503 as if it were down. Run it alone with
`python -m tests.submissions.receiver <port> <sqlite file> <secret>`.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from rathaus.submissions.channels.webhook.channel import SIGNATURE_HEADER, signature_valid

SCHEMA = """
create table if not exists accepted (key text primary key, reference text, body text);
create table if not exists hits (key text, status integer, at real);
"""


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, database: Path, secret: str) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.database = database
        self.secret = secret
        self.down = False
        self.lock = threading.Lock()
        with self.connect() as db:
            db.executescript(SCHEMA)

    def connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.database, timeout=30, isolation_level=None)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/antraege"

    def accepted(self) -> dict[str, dict[str, Any]]:
        with self.connect() as db:
            rows = db.execute("select key, body from accepted").fetchall()
        return {key: json.loads(body) for key, body in rows}

    def hits(self) -> list[tuple[str, int]]:
        with self.connect() as db:
            return [(k, s) for k, s in db.execute("select key, status from hits order by at")]


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def log_message(self, format: str, *args: Any) -> None:  # quiet in test output
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        key = self.headers.get("Idempotency-Key", "")
        header = self.headers.get(SIGNATURE_HEADER, "")
        if self.server.down:
            status = 503
        elif not key or not signature_valid(self.server.secret, header, body, now=time.time()):
            status = 401
        else:
            status = self._store(key, body)
        with self.server.lock, self.server.connect() as db:
            db.execute("insert into hits values (?, ?, ?)", (key, status, time.time()))
        self.send_response(status)
        if status in (200, 201):
            self.send_header("Location", f"/faelle/{key}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _store(self, key: str, body: bytes) -> int:
        reference = json.loads(body)["submission"]["reference"]
        with self.server.lock, self.server.connect() as db:
            stored = db.execute(
                "insert or ignore into accepted values (?, ?, ?)", (key, reference, body.decode())
            ).rowcount
        return 201 if stored else 200


def main() -> None:
    port, database, secret = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    Receiver(port, database, secret).serve_forever()


if __name__ == "__main__":
    main()
