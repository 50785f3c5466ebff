"""What the test Zustelldienst keeps in its state folder: keys and a small SQLite store.

Keys are made once and kept (`destination-<id>.jwk.json`, `signing.jwk.json`), so a
restarted server decrypts what it stored before and its event log stays verifiable.
Everything the sender uploaded is stored as it arrived: still encrypted.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from jwcrypto import jwk

RSA_BITS = 4096
SCHEMA = """
create table if not exists submissions (
    id text primary key, case_id text unique, destination_id text, client_id text,
    service_type text, announced text, state text, metadata text, data text, created real);
create table if not exists attachments (
    submission_id text, attachment_id text, body text, primary key (submission_id, attachment_id));
create table if not exists events (case_id text, token text, at real);
"""


def _key(path: Path, *, kid: str, alg: str, use: str) -> Any:
    """The RSA key stored at path, made (4096 bit) on first use; written owner-only."""
    if path.exists():
        return jwk.JWK(**json.loads(path.read_text()))
    key = jwk.JWK.generate(kty="RSA", size=RSA_BITS, kid=kid, alg=alg, use=use)
    path.touch(mode=0o600)
    path.write_text(key.export_private())
    return key


def destination_key(state_dir: Path, destination_id: uuid.UUID) -> Any:
    """The destination's private encryption key (jwcrypto JWK), made on first use."""
    path = Path(state_dir) / f"destination-{destination_id}.jwk.json"
    return _key(path, kid=f"enc-{destination_id}", alg="RSA-OAEP-256", use="enc")


def destination_private_jwk(state_dir: Path, destination_id: uuid.UUID) -> dict[str, Any]:
    """The destination's private JWK, as the subscriber (Fachverfahren) would hold it."""
    exported: dict[str, Any] = destination_key(state_dir, destination_id).export_private(
        as_dict=True
    )
    return exported


def signing_key(state_dir: Path) -> Any:
    """The Zustelldienst's own PS512 key that signs every event (jwcrypto JWK)."""
    return _key(Path(state_dir) / "signing.jwk.json", kid="zustelldienst-1", alg="PS512", use="sig")


class Store:
    """The submissions, uploads and event log; one connection per call, writes serialised."""

    def __init__(self, state_dir: Path) -> None:
        self.path = Path(state_dir) / "store.sqlite3"
        self.lock = threading.Lock()
        with self.connect() as db:
            db.executescript(SCHEMA)

    def connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        return db

    def announce(self, *, destination_id: str, client_id: str, body: dict[str, Any]) -> str:
        submission_id, case_id = str(uuid.uuid4()), str(uuid.uuid4())
        row = (submission_id, case_id, destination_id, client_id)
        with self.lock, self.connect() as db:
            db.execute(
                "insert into submissions values (?, ?, ?, ?, ?, ?, 'announced', '', '', ?)",
                (
                    *row,
                    json.dumps(body["serviceType"]),
                    json.dumps(body["announcedAttachments"]),
                    time.time(),
                ),
            )
        return submission_id

    def submission(self, submission_id: str) -> dict[str, Any] | None:
        with self.connect() as db:
            row = db.execute("select * from submissions where id = ?", (submission_id,)).fetchone()
        return dict(row) if row else None

    def submissions(self) -> list[dict[str, Any]]:
        with self.connect() as db:
            return [dict(r) for r in db.execute("select * from submissions order by created")]

    def case(self, case_id: str) -> dict[str, Any] | None:
        with self.connect() as db:
            row = db.execute("select * from submissions where case_id = ?", (case_id,)).fetchone()
        return dict(row) if row else None

    def upload(self, submission_id: str, attachment_id: str, body: str) -> None:
        with self.lock, self.connect() as db:
            db.execute(
                "insert or replace into attachments values (?, ?, ?)",
                (submission_id, attachment_id, body),
            )

    def attachments(self, submission_id: str) -> dict[str, str]:
        with self.connect() as db:
            rows = db.execute(
                "select attachment_id, body from attachments where submission_id = ?",
                (submission_id,),
            ).fetchall()
        return {row["attachment_id"]: row["body"] for row in rows}

    def submit(self, submission_id: str, *, metadata: str, data: str) -> bool:
        """Store the submit once; False when the submission was already submitted."""
        with self.lock, self.connect() as db:
            changed = db.execute(
                "update submissions set state = 'submitted', metadata = ?, data = ? "
                "where id = ? and state = 'announced'",
                (metadata, data, submission_id),
            ).rowcount
        return changed == 1

    def reject(self, submission_id: str) -> None:
        with self.lock, self.connect() as db:
            db.execute("update submissions set state = 'rejected' where id = ?", (submission_id,))

    def event_add(self, case_id: str, token: str) -> None:
        with self.lock, self.connect() as db:
            db.execute("insert into events values (?, ?, ?)", (case_id, token, time.time()))

    def events(self, case_id: str) -> list[str]:
        with self.connect() as db:
            rows = db.execute(
                "select token from events where case_id = ? order by rowid", (case_id,)
            ).fetchall()
        return [row["token"] for row in rows]
