"""Guarantee 5b: kill -9 of web and worker processes while 500 applications are sent.

Everything runs as in production, in separate processes: `rathaus serve` (gunicorn),
two `rathaus worker`s and the authority's webhook receiver. A killer thread sends SIGKILL
to the web server or to a worker at random moments and starts it again. Citizens retry
what failed on their side. At the end every submission the citizen saw confirmed has
arrived at the receiver, and no application arrived twice (the receiver deduplicates by
idempotency key; no application may come under two different keys).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import RATHAUS, _server_env, _wait_until_up
from tests.net import free_port
from tests.submissions.journey import GOOD, START, SUBMIT

pytestmark = pytest.mark.slow

SUBMISSIONS = 500
CITIZENS = 6
SECRET = "absturz-test-geheimnis-0123456789abcdef"
REPO = Path(__file__).resolve().parents[2]


class Processes:
    """The processes under test, each startable again after a kill."""

    def __init__(self, home: Path, env: dict[str, str], port: int) -> None:
        self.home, self.env, self.port = home, env, port
        self.running: dict[str, subprocess.Popen[bytes]] = {}
        self.kills = {"web": 0, "worker": 0}

    def start(self, name: str) -> None:
        command = {
            "web": ["serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", "2"]
            # static files were collected by the first start
            + (["--no-collectstatic"] if self.kills["web"] else []),
            "worker-1": ["worker", "--interval", "0.2"],
            "worker-2": ["worker", "--interval", "0.2"],
        }[name]
        log = (self.home / f"{name}.log").open("ab")
        self.running[name] = subprocess.Popen(
            [str(RATHAUS), *command],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill -9 takes its children too
        )

    def kill(self, name: str) -> None:
        process = self.running[name]
        with contextlib.suppress(ProcessLookupError):  # it stopped on its own; see its log
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        self.kills["web" if name == "web" else "worker"] += 1

    def stop_all(self) -> None:
        for process in self.running.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)


def _rathaus(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(RATHAUS), *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def database_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A database of its own: a fresh SQLite file, or a fresh PostgreSQL database."""
    env = _server_env(tmp_path, database="rathaus_crash_test")  # replaced below on PostgreSQL
    env.update(RATHAUS_DELIVERY_LEASE_SECONDS="5", RATHAUS_DELIVERY_SWEEP_SECONDS="2")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield env
        return
    import psycopg

    name = f"rathaus_crash_{os.getpid()}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    yield env
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _csrf(client: httpx.Client) -> dict[str, str]:
    return {"X-CSRFToken": client.cookies.get("csrftoken", "")}


def _retrying(call: object, *args: object, **kwargs: object) -> httpx.Response:
    """A citizen whose page did not load presses the button again until it does."""
    for _attempt in range(300):
        try:
            response = call(*args, **kwargs)  # type: ignore[operator]
            if response.status_code < 500:
                return response
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("the web server never came back")


def _citizen(base: str, number: int) -> str:
    """Fill and send one application; return the submission id the citizen was shown."""
    with httpx.Client(base_url=base, timeout=30) as client:
        _retrying(client.get, START, params={"ags": "06611000"})
        for url, data in GOOD.items():
            answers = {**data, "name": f"Person {number}"} if "name" in data else data
            _retrying(client.post, url, data=answers, headers=_csrf(client))
        response = _retrying(client.post, SUBMIT, headers=_csrf(client))
        location = response.headers.get("Location", "")
        match = re.search(r"/formulare/eingang/([0-9a-f-]{36})/", location)
        assert match, f"no confirmation for citizen {number}: {response.status_code} {location}"
        return match.group(1)


def _killer(processes: Processes, stop: threading.Event) -> None:
    chance = random.Random(20261130)
    while not stop.wait(chance.uniform(1.0, 3.0)):
        name = chance.choice(["web", "worker-1", "worker-2"])
        processes.kill(name)
        if name == "web":
            time.sleep(chance.uniform(0, 1))  # citizens meet a dead server for a moment
        processes.start(name)


def test_kill_9_during_500_submissions_loses_none_and_delivers_none_twice(
    tmp_path: Path, database_env: dict[str, str]
) -> None:
    env = database_env
    _rathaus(env, "demo", "--no-serve")
    receiver_port = free_port()
    receiver_db = tmp_path / "receiver.sqlite3"
    receiver = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.submissions.receiver",
            str(receiver_port),
            str(receiver_db),
            SECRET,
        ],
        cwd=REPO,
    )
    settings = {"url": f"http://127.0.0.1:{receiver_port}/antraege", "secret": SECRET}
    processes = Processes(tmp_path, env, free_port())
    try:
        _rathaus(
            env,
            "routes",
            "set",
            "--authority",
            "Stadtverwaltung Kassel",
            "--channel",
            "webhook",
            "--config",
            json.dumps(settings),
        )
        for name in ("web", "worker-1", "worker-2"):
            processes.start(name)
        base = f"http://127.0.0.1:{processes.port}"
        _wait_until_up(base + "/", processes.running["web"], tmp_path / "web.log")
        stop = threading.Event()
        killer = threading.Thread(target=_killer, args=(processes, stop), daemon=True)
        killer.start()
        with ThreadPoolExecutor(CITIZENS) as pool:
            confirmed = set(pool.map(lambda n: _citizen(base, n), range(SUBMISSIONS)))
        stop.set()
        killer.join()
        _wait_for_all_delivered(env, timeout=180)
        accepted = _accepted(receiver_db)
    finally:
        processes.stop_all()
        receiver.terminate()
        receiver.wait()
    assert len(confirmed) == SUBMISSIONS
    assert processes.kills["web"] >= 3 and processes.kills["worker"] >= 3, processes.kills
    delivered = [body["submission"]["id"] for body in accepted.values()]
    assert len(delivered) == len(set(delivered)), "an application arrived twice"
    assert confirmed <= set(delivered), "a confirmed application never arrived"
    print(f"\n{SUBMISSIONS} submissions, kills: {processes.kills}, delivered {len(delivered)}")


def _wait_for_all_delivered(env: dict[str, str], *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        counts = json.loads(_rathaus(env, "deliveries", "status", "--json"))
        if counts["pending"] == 0 and counts["failed"] == 0:
            return
        time.sleep(1)
    pytest.fail(f"deliveries still open after {timeout} s: {counts}")


def _accepted(database: Path) -> dict[str, dict[str, object]]:
    with sqlite3.connect(database) as db:
        return {key: json.loads(body) for key, body in db.execute("select key, body from accepted")}
