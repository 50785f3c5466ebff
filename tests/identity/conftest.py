"""The development IdP in its own processes, and the browser's way through the login.

The SP side runs in the Django test client (the project's database is set up once per
session); the IdP side is real: `python -m rathaus.identity.devidp` over real HTTP.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.conf import settings
from django.test import Client, override_settings
from lxml import html

from rathaus.identity.sp import sp_metadata_xml
from tests.net import free_port

STARTUP_SECONDS = 20
OTHER_SP = "https://anderes-portal.example/saml"
OIDC_CLIENT_ID = "rathaus-test"
OIDC_CLIENT_SECRET = "test-geheimnis"
OIDC_CALLBACK = "http://testserver/anmelden/oidc/rueckruf/"


@dataclass(frozen=True)
class Idp:
    url: str  # where the process really listens
    base_url: str  # the address its metadata names (may be another IdP's)


@pytest.fixture(scope="session")
def saml_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("saml")


def _sp_settings(saml_dir: Path, **extra: Any) -> dict[str, Any]:
    return {
        "RATHAUS_PUBLIC_URL": "http://testserver",
        "RATHAUS_SAML_SP_KEY": saml_dir / "sp-key.pem",
        "RATHAUS_SAML_SP_CERT": saml_dir / "sp-cert.pem",
        **extra,
    }


@pytest.fixture(scope="session")
def sp_metadata_files(saml_dir: Path) -> list[Path]:
    """Our SP's metadata, and that of another SP (same key) for the wrong-audience case."""
    ours, other = saml_dir / "sp-metadata.xml", saml_dir / "other-sp-metadata.xml"
    with override_settings(**_sp_settings(saml_dir)):
        ours.write_text(sp_metadata_xml())
    with override_settings(**_sp_settings(saml_dir, RATHAUS_SAML_SP_ENTITY_ID=OTHER_SP)):
        other.write_text(sp_metadata_xml())
    return [ours, other]


def _start_idp(
    state: Path, metadata: list[Path], *extra: str
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    state.mkdir(parents=True, exist_ok=True)
    log = (state / f"idp-{port}.log").open("wb")
    command = [sys.executable, "-m", "rathaus.identity.devidp", "--port", str(port)]
    command += ["--state", str(state), "--data-dir", str(settings.RATHAUS_DATA_DIR)]
    for path in metadata:
        command += ["--sp-metadata", str(path)]
    process = subprocess.Popen([*command, *extra], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"devidp stopped:\n{(state / f'idp-{port}.log').read_text()}")
        try:
            if httpx.get(f"{url}/metadata", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    pytest.fail(f"devidp did not answer within {STARTUP_SECONDS} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def idps(saml_dir: Path, sp_metadata_files: list[Path]) -> Iterator[dict[str, Idp]]:
    """The IdP the SP trusts, an impostor with its name but other keys, and one whose
    assertions live one second."""
    state = saml_dir / "idp"
    trusted, trusted_url = _start_idp(state, sp_metadata_files)
    impostor, impostor_url = _start_idp(
        saml_dir / "impostor", sp_metadata_files, "--base-url", trusted_url
    )
    brief, brief_url = _start_idp(
        state, sp_metadata_files, "--base-url", trusted_url, "--assertion-lifetime", "1"
    )
    try:
        yield {
            "trusted": Idp(trusted_url, trusted_url),
            "impostor": Idp(impostor_url, trusted_url),
            "brief": Idp(brief_url, trusted_url),
        }
    finally:
        for process in (trusted, impostor, brief):
            _stop(process)


@pytest.fixture
def saml_settings(saml_dir: Path, idps: dict[str, Idp]) -> Iterator[None]:
    with override_settings(
        **_sp_settings(saml_dir, RATHAUS_SAML_IDP_METADATA=f"{idps['trusted'].url}/metadata")
    ):
        yield


def form_fields(page: str) -> tuple[str, dict[str, str]]:
    """The page's last POST form (not the language switch): its action and what is sent."""
    form = [f for f in html.fromstring(page).forms if f.method.upper() == "POST"][-1]
    values = {name: str(value) for name, value in form.form_values()}
    return str(form.action), values


@dataclass
class Flow:
    """What the browser holds after the IdP answered: the form to post to the ACS."""

    acs_url: str
    fields: dict[str, str]


LoginFlow = Callable[..., Flow]


@pytest.fixture
def login_flow(saml_settings: None, idps: dict[str, Idp]) -> LoginFlow:
    def run(
        client: Client,
        *,
        person: str = "U01",
        level: str = "substanziell",
        query: str = "niveau=substanziell",
        idp: str = "trusted",
        sp_entity_id: str = "",
    ) -> Flow:
        with override_settings(RATHAUS_SAML_SP_ENTITY_ID=sp_entity_id):
            start = client.get(f"/anmelden/?{query}")
        assert start.status_code == 200, start.content
        action, fields = form_fields(start.content.decode())
        chosen = idps[idp]
        sso = action.replace(chosen.base_url, chosen.url)
        choice = httpx.post(sso, data=fields, timeout=10)
        assert choice.status_code == 200, choice.text
        action, fields = form_fields(choice.text)
        fields.update(person=person, level=level)
        answer = httpx.post(chosen.url + action, data=fields, timeout=10)
        assert answer.status_code == 200, answer.text
        acs_url, fields = form_fields(answer.text)
        return Flow(acs_url=acs_url, fields=fields)

    return run


@pytest.fixture(scope="session")
def oidc_idp(saml_dir: Path) -> Iterator[str]:
    """The development IdP as OpenID provider for the test client, with the test faults on."""
    process, url = _start_idp(
        saml_dir / "oidc-idp",
        [],
        *("--oidc-client-id", OIDC_CLIENT_ID, "--oidc-client-secret", OIDC_CLIENT_SECRET),
        *("--oidc-redirect-uri", OIDC_CALLBACK, "--test-faults"),
    )
    try:
        yield url
    finally:
        _stop(process)


@pytest.fixture
def oidc_settings(oidc_idp: str) -> Iterator[None]:
    with override_settings(
        RATHAUS_PUBLIC_URL="http://testserver",
        RATHAUS_LOGIN_PROTOCOL="oidc",
        RATHAUS_OIDC_ISSUER=oidc_idp,
        RATHAUS_OIDC_CLIENT_ID=OIDC_CLIENT_ID,
        RATHAUS_OIDC_CLIENT_SECRET=OIDC_CLIENT_SECRET,
    ):
        yield


OidcFlow = Callable[..., str]


def oidc_choose(
    idp_url: str,
    authorize_url: str,
    *,
    person: str = "U01",
    level: str = "substanziell",
    fault: str = "",
    cancel: bool = False,
) -> str:
    """What the browser does at the IdP: open the choice page, choose, follow the way back.
    Returns the callback address the IdP sends the browser to."""
    choice = httpx.get(authorize_url, timeout=10)
    assert choice.status_code == 200, choice.text
    action, fields = form_fields(choice.text)
    fields.update(person=person, level=level, aktion="abbrechen" if cancel else "anmelden")
    if fault:
        fields["fault"] = fault
    answer = httpx.post(idp_url + action, data=fields, timeout=10)
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


@pytest.fixture
def oidc_flow(oidc_settings: None, oidc_idp: str) -> OidcFlow:
    """From /anmelden/ (Django test client) through the IdP's choice (httpx) to the callback
    path the test client then calls."""

    def run(client: Client, *, query: str = "niveau=substanziell", **choice: Any) -> str:
        start = client.get(f"/anmelden/?{query}")
        assert start.status_code == 302, start.content
        assert start["Location"].startswith(oidc_idp + "/oidc/authorize?")
        callback = oidc_choose(oidc_idp, start["Location"], **choice)
        assert callback.startswith(OIDC_CALLBACK), callback
        return callback.removeprefix("http://testserver")

    return run
