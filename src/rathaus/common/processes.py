"""Waiting for a server process we started (the demo's companions, tests, benchmarks)."""

from __future__ import annotations

import subprocess
import time

import httpx


def answers_within(url: str, process: subprocess.Popen[bytes] | None, seconds: float) -> bool:
    """Whether `url` answers 200 before `seconds` pass; False at once if `process` ended."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    return False
