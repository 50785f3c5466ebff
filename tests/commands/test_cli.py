"""The `rathaus` command: imports with clear messages, and the demo served by gunicorn."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

RATHAUS = [sys.executable, "-m", "rathaus.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.django_db
def test_import_reports_what_it_did(data_dir: Path) -> None:
    out = StringIO()
    call_command("import", "regions", str(data_dir), "--quiet", stdout=out)
    assert "Gebiete: 0 neu, 0 geändert, 456 unverändert" in out.getvalue()
    assert "Keine Änderungen" in out.getvalue()


@pytest.mark.django_db
def test_import_names_what_is_missing_when_the_data_directory_is_absent(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        call_command("import", "catalog", str(tmp_path / "nirgendwo"))
    message = str(error.value)
    assert "Datenverzeichnis" in message and "fehlt" in message
    assert "catalog/" in message and "RATHAUS_DATA_DIR" in message
    assert "Data directory" in message


@pytest.mark.django_db
def test_import_of_a_malformed_file_lists_the_problems_and_changes_nothing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "ozg_leistungen_catalog.csv").write_text("ozg_id;name\n1;x\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"(?s)nichts wurde geändert.*Spalten fehlen"):
        call_command("import", "catalog", str(folder))


def test_the_command_line_exits_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "RATHAUS_HOME": str(tmp_path)}
    result = subprocess.run(
        [*RATHAUS, "import", "regions", str(tmp_path / "fehlt")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Datenverzeichnis" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_refuses_clearly_without_data(tmp_path: Path) -> None:
    env = {**os.environ, "RATHAUS_HOME": str(tmp_path), "RATHAUS_DATA_DIR": str(tmp_path / "x")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [*RATHAUS, "demo", "--no-serve"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "territory/" in result.stderr and "RATHAUS_DATA_DIR" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_demo_sets_up_real_data_and_serves_it_with_gunicorn(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "RATHAUS_HOME": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # the demo runs on the embedded default
    process = subprocess.Popen(
        [*RATHAUS, "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body, server = _wait_for(f"http://127.0.0.1:{port}/orte/06611000/", deadline=180)
        assert "Kassel, documenta-Stadt" in body
        assert server.startswith("gunicorn")
        assert (tmp_path / "rathaus.sqlite3").exists()
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert "Konto admin" in output
    assert "Konto kassel" in output and "TOTP-Schlüssel / secret:" in output
    assert "otpauth://totp/Rathaus%3Akassel?secret=" in output


def _wait_for(url: str, deadline: float) -> tuple[str, str]:
    end = time.monotonic() + deadline
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode(), response.headers.get("Server", "")
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.5)
