"""What `rathaus demo` runs beside the web server, so a demo application goes all the way.

- a `rathaus worker` (deliveries, confirmation e-mails, retention),
- the FIT-Connect test Zustelldienst on loopback, with Stadtverwaltung Kassel's route
  pointing at it: applications for Kassel travel encrypted through FIT-Connect,
- the development BundID (its own process), trusted by this demo's SAML SP and knowing it as
  OIDC client: `/anmelden/` goes through the full SAML redirect flow with the test persons,
  or the OIDC code flow with `RATHAUS_LOGIN_PROTOCOL=oidc`,
- e-mails written as files under RATHAUS_HOME/mails unless an e-mail backend is configured.
Only for the demo: production refuses `rathaus demo`.
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from rathaus.authorities.models import Authority
from rathaus.common.processes import answers_within
from rathaus.identity.devidp.oidc import CLIENT_SECRET_VARIABLE
from rathaus.submissions.channels.fitconnect.testserver import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_DESTINATION,
    SCHEMA_FILE,
)
from rathaus.submissions.delivery.routes import route_save

FITCONNECT_AUTHORITY = "Stadtverwaltung Kassel"
DEMO_OIDC_CLIENT_ID = "rathaus-demo"
FILE_MAIL = "django.core.mail.backends.filebased.EmailBackend"


def demo_mail_to_files(home: Path) -> dict[str, str]:
    """Demo e-mails as files, unless EMAIL_BACKEND is set; the environment for children."""
    env = dict(os.environ)
    if "EMAIL_BACKEND" not in os.environ:
        mails = home / "mails"
        mails.mkdir(parents=True, exist_ok=True)
        settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = FILE_MAIL, str(mails)
        env.update(EMAIL_BACKEND=FILE_MAIL, EMAIL_FILE_PATH=str(mails))
    return env


def _stop_at_exit(process: subprocess.Popen[bytes]) -> None:
    def stop() -> None:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=15)

    atexit.register(stop)


def zustelldienst_start(
    *, home: Path, port: int, env: dict[str, str]
) -> tuple[str, subprocess.Popen[bytes]]:
    """Start the test Zustelldienst as its own process; route the demo authority to it."""
    command = [sys.executable, "-m", "rathaus.submissions.channels.fitconnect.testserver"]
    command += ["--state", str(home / "zustelldienst"), "--port", str(port)]
    command += ["--schema", str(Path(settings.RATHAUS_DATA_DIR) / SCHEMA_FILE)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE)  # noqa: S603 (fixed)
    _stop_at_exit(process)
    assert process.stdout is not None
    ready = json.loads(process.stdout.readline() or "{}")
    if "url" not in ready:
        raise CommandError(
            "Der FIT-Connect-Testzustelldienst ist nicht gestartet (Ausgabe oben). / "
            "The FIT-Connect test service did not start (see above)."
        )
    url = str(ready["url"])
    authority = Authority.objects.filter(name=FITCONNECT_AUTHORITY).first()
    if authority is not None:
        route_save(
            authority=authority,
            channel="fitconnect",
            settings={
                "token_url": url + "/token",
                "submission_api_url": url,
                "client_id": DEMO_CLIENT_ID,
                "client_secret": DEMO_CLIENT_SECRET,
                "destination_id": str(DEMO_DESTINATION),
            },
        )
    return url, process


def worker_start(*, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A background worker for the demo, stopped when the demo stops."""
    process = subprocess.Popen([sys.executable, "-m", "rathaus.cli", "worker"], env=env)
    _stop_at_exit(process)
    return process


def devidp_start(
    *, home: Path, web_url: str, port: int, env: dict[str, str]
) -> tuple[str, subprocess.Popen[bytes]]:
    """Start the development BundID trusting this demo's SAML SP and knowing it as OIDC
    client, and point both login protocols at it (RATHAUS_LOGIN_PROTOCOL picks one)."""
    from rathaus.identity.oidc import callback_url
    from rathaus.identity.sp import sp_metadata_xml

    if "RATHAUS_PUBLIC_URL" not in os.environ:
        settings.RATHAUS_PUBLIC_URL = web_url
    state = home / "devidp"
    state.mkdir(parents=True, exist_ok=True)
    (state / "sp-metadata.xml").write_text(sp_metadata_xml(), encoding="utf-8")
    # a fresh client secret per demo start, handed over in the environment (not the ps list)
    secret = secrets.token_urlsafe(32)
    command = [sys.executable, "-m", "rathaus.identity.devidp", "--port", str(port)]
    command += ["--state", str(state), "--data-dir", str(settings.RATHAUS_DATA_DIR)]
    command += ["--sp-metadata", str(state / "sp-metadata.xml")]
    command += ["--oidc-client-id", DEMO_OIDC_CLIENT_ID, "--oidc-redirect-uri", callback_url()]
    child_env = {**env, CLIENT_SECRET_VARIABLE: secret}
    process = subprocess.Popen(command, env=child_env)  # noqa: S603 (fixed)
    _stop_at_exit(process)
    url = f"http://127.0.0.1:{port}"
    _wait_for(f"{url}/metadata", process)
    settings.RATHAUS_SAML_IDP_METADATA = f"{url}/metadata"
    settings.RATHAUS_OIDC_ISSUER = url
    settings.RATHAUS_OIDC_CLIENT_ID = DEMO_OIDC_CLIENT_ID
    settings.RATHAUS_OIDC_CLIENT_SECRET = secret
    return url, process


def _wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    if answers_within(url, process, seconds):
        return
    raise CommandError(
        "Die Entwicklungs-BundID ist nicht gestartet (Ausgabe oben). / "
        "The development BundID did not start (see above)."
    )
