"""The FIT-Connect test Zustelldienst as a separate process, and how tests read its store."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from jwcrypto import jwe, jwk

from rathaus.submissions.channels.fitconnect.testserver import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_DESTINATION,
    SCHEMA_FILE,
    destination_private_jwk,
)
from rathaus.submissions.channels.fitconnect.testserver.state import Store

MODULE = "rathaus.submissions.channels.fitconnect.testserver"


@dataclass
class Running:
    url: str
    state: Path
    process: subprocess.Popen[str]

    def settings(self, **changes: Any) -> dict[str, Any]:
        """Route settings that reach this server with the demo client."""
        return {
            "token_url": self.url + "/token",
            "submission_api_url": self.url,
            "client_id": DEMO_CLIENT_ID,
            "client_secret": DEMO_CLIENT_SECRET,
            "destination_id": str(DEMO_DESTINATION),
        } | changes

    def store(self) -> Store:
        return Store(self.state)

    def fail_next(self, operation: str) -> None:
        (self.state / "faults").mkdir(exist_ok=True)
        (self.state / "faults" / operation).touch()

    def private_key(self) -> Any:
        """The destination's private key, read as the subscriber would, for jwcrypto."""
        return jwk.JWK(**destination_private_jwk(self.state, DEMO_DESTINATION))


def decrypt(token: str, key: Any) -> bytes:
    """Decrypt with jwcrypto, the JOSE library the sender does not use."""
    encrypted = jwe.JWE()
    encrypted.deserialize(token, key=key)
    assert encrypted.jose_header["alg"] == "RSA-OAEP-256"
    assert encrypted.jose_header["enc"] == "A256GCM"
    plaintext: bytes = encrypted.payload
    return plaintext


def schema_path() -> Path:
    return Path(settings.RATHAUS_DATA_DIR) / SCHEMA_FILE


@contextmanager
def zustelldienst_process(state: Path, keys: Path | None = None) -> Iterator[Running]:
    """Run the test server as its own process on loopback until the block ends."""
    state.mkdir(parents=True, exist_ok=True)
    for key_file in keys.glob("*.jwk.json") if keys else []:
        shutil.copy(key_file, state / key_file.name)  # 4096-bit keys are made once per session
    command = [sys.executable, "-m", MODULE, "--state", str(state), "--schema", str(schema_path())]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        ready = json.loads(process.stdout.readline())
        yield Running(url=ready["url"], state=state, process=process)
    finally:
        process.terminate()
        process.wait(timeout=10)


def make_keys(folder: Path) -> Path:
    """Start the server once so that it makes its keys; returns the folder holding them."""
    with zustelldienst_process(folder):
        pass
    return folder


def new_id() -> str:
    return str(uuid.uuid4())
