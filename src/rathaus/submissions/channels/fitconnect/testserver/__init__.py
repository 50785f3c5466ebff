"""A FIT-Connect Zustelldienst for tests and the demo, on loopback, as its own process.

Start it from Python with `zustelldienst_start(state_dir)` (a thread; returns the server and
its URL) or from the shell with
`python -m rathaus.submissions.channels.fitconnect.testserver --state DIR --port N`.
It speaks the sender's part of the Submission API v1, decrypts with jwcrypto, checks the
metadata and hashes like a subscriber, and signs its event log with PS512.
"""

from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path

from rathaus.submissions.channels.fitconnect.testserver.server import Zustelldienst
from rathaus.submissions.channels.fitconnect.testserver.state import destination_private_jwk

# the demo's fixed credentials: only for this loopback test server
DEMO_CLIENT_ID = "rathaus-demo"
DEMO_CLIENT_SECRET = "nur-fuer-den-test-zustelldienst-0123456789"  # noqa: S105
DEMO_DESTINATION = uuid.UUID("5a1c3e0d-7b7e-4b8a-9f0e-2f9d4c6b1a11")
SCHEMA_FILE = Path("fit-connect") / "metadata.schema.v1.0.0.json"


def default_schema() -> Path:
    """The metadata schema in the data folder (RATHAUS_DATA_DIR, else ../shared/data)."""
    data = os.environ.get("RATHAUS_DATA_DIR") or str(Path.cwd().parent / "shared" / "data")
    return Path(data) / SCHEMA_FILE


def zustelldienst_start(
    state_dir: Path,
    *,
    port: int = 0,
    clients: dict[str, str] | None = None,
    destinations: list[uuid.UUID] | None = None,
    schema: Path | None = None,
) -> tuple[Zustelldienst, str]:
    """Start the test Zustelldienst in a daemon thread; returns it and its base URL."""
    server = Zustelldienst(
        state_dir,
        port=port,
        clients=clients or {DEMO_CLIENT_ID: DEMO_CLIENT_SECRET},
        destinations=destinations or [DEMO_DESTINATION],
        schema=schema or default_schema(),
    )
    threading.Thread(target=server.serve_forever, daemon=True, name="fitconnect").start()
    return server, server.url


__all__ = [
    "DEMO_CLIENT_ID",
    "DEMO_CLIENT_SECRET",
    "DEMO_DESTINATION",
    "Zustelldienst",
    "destination_private_jwk",
    "zustelldienst_start",
]
