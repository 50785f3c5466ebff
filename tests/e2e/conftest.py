"""The real app in its own process, and Debian's chromium driven by Playwright.

The server runs exactly as in production (`rathaus demo --no-serve` then `rathaus serve`,
gunicorn, whitenoise, DEBUG off), so the tests see the same HTML, CSS and error pages a
citizen sees. It has its own database: these tests never touch pytest-django's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from rathaus.common.processes import answers_within
from tests.net import free_port, fresh_database
from tests.staff import code_for_secret

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_SECONDS = 90  # a loaded 2-core machine needs more than half a minute
RATHAUS = Path(sys.executable).with_name("rathaus")


def _server_env(home: Path, database: str = "rathaus_e2e") -> dict[str, str]:
    """The caller's environment; on PostgreSQL (CI's second run) a fresh database of its own,
    so that no run sees what an earlier one left."""
    env = dict(os.environ)
    # the servers keep the project's compiled modules: a restarted one (the kill -9 test)
    # answers in seconds rather than compiling every module again first
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if env.get("DATABASE_URL"):
        env["DATABASE_URL"] = fresh_database(env["DATABASE_URL"], database)
    env.update(
        RATHAUS_HOME=str(home),
        RATHAUS_ENV="development",
        RATHAUS_DEBUG="false",
        DJANGO_SETTINGS_MODULE="rathaus.config.settings",
        PYTHONUNBUFFERED="1",
    )
    return env


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    if not answers_within(url, server, STARTUP_SECONDS):
        pytest.fail(f"{url} did not answer within {STARTUP_SECONDS} s:\n{log.read_text()}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()  # gunicorn's master stops its workers gracefully on SIGTERM
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


DEVIDP: dict[str, str] = {}  # the development BundID's URL, once live_url started it
DEMO_SETUP: dict[str, str] = {}  # what `rathaus demo --no-serve` printed (accounts, secrets)


_CODE_USED: dict[str, int] = {}  # the 30-second step whose code each account last used


def demo_totp_code(username: str) -> str:
    """The code an authenticator app shows for a demo account whose secret the demo printed.

    A code is accepted once (django-otp refuses a replay), so when an earlier test already
    logged this account in during the current 30-second step, this waits for the next one.
    """
    found = re.search(
        rf"Konto {re.escape(username)} /.*\n  TOTP-Schlüssel / secret: ([A-Z2-7]+)",
        DEMO_SETUP.get("stdout", ""),
    )
    assert found is not None, f"no TOTP secret for {username} in the demo's output"
    step = int(time.time()) // 30
    if _CODE_USED.get(username, -1) >= step:
        time.sleep((step + 1) * 30 - time.time() + 0.5)
        step += 1
    _CODE_USED[username] = step
    return code_for_secret(found[1])


def _devidp_start(home: Path, url: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The development BundID, trusting the live server's SP (metadata read from its URL)."""
    log = (home / "devidp.log").open("wb")
    command = [sys.executable, "-m", "rathaus.identity.devidp", "--port", str(port)]
    command += ["--state", str(home / "devidp"), "--sp-metadata", f"{url}/anmelden/saml/metadata/"]
    idp = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    _wait_until_up(f"http://127.0.0.1:{port}/metadata", idp, home / "devidp.log")
    return idp


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (no trailing slash) of a freshly set up demo served by gunicorn, with the
    development BundID as its identity provider."""
    if not RATHAUS.exists():
        pytest.fail(f"{RATHAUS} missing: run `uv sync --frozen`")
    home = tmp_path_factory.mktemp("rathaus-home")
    env = _server_env(home)
    setup = subprocess.run(
        [str(RATHAUS), "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if setup.returncode != 0:
        pytest.fail(f"rathaus demo --no-serve failed:\n{setup.stdout}\n{setup.stderr}")
    DEMO_SETUP["stdout"] = setup.stdout

    port, idp_port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    env.update(
        RATHAUS_PUBLIC_URL=url,
        RATHAUS_SAML_IDP_METADATA=f"http://127.0.0.1:{idp_port}/metadata",  # read on first login
    )
    log = home / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(RATHAUS), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    idp = None
    try:
        _wait_until_up(f"{url}/", server, log)
        idp = _devidp_start(home, url, idp_port, env)
        DEVIDP["url"] = f"http://127.0.0.1:{idp_port}"
        yield url
    finally:
        _stop(server)
        if idp is not None:
            _stop(idp)
        shutil.rmtree(home / "static", ignore_errors=True)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's chromium; Playwright's own browser download is not available here."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: apt-get install chromium")
    launched = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture
def context(browser: Browser, live_url: str) -> Iterator[BrowserContext]:
    """A fresh German-speaking visitor: no cookies, no session, no language choice yet."""
    fresh = browser.new_context(base_url=live_url, locale="de-DE")
    fresh.set_default_timeout(10_000)
    yield fresh
    fresh.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def page_without_js(browser: Browser, live_url: str) -> Iterator[Page]:
    """A visitor whose browser runs no JavaScript at all."""
    context = browser.new_context(base_url=live_url, locale="de-DE", java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
