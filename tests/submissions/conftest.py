"""Fixtures for drafts: a form version, owners, and a real SMTP server on loopback."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import factory
import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from rathaus.forms import selectors as forms_selectors
from rathaus.forms.models import FormVersion
from rathaus.submissions.owners import Owner
from rathaus.submissions.selectors import compiled_form

# Debian puts clamd in /usr/sbin, which is not on every user's PATH
CLAMD_PATH = "/usr/sbin:/usr/local/sbin:/usr/bin:/usr/local/bin"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"buerger{n}")


@pytest.fixture
def form_version(db: None) -> FormVersion:
    """A form version from the demo data every test database starts with."""
    return FormVersion.objects.select_related("form").order_by("pk").first()


@pytest.fixture
def fresh_form_caches() -> Iterator[None]:
    """Per-process caches of forms by version id, empty before and after the test: a primary
    key reused after a rolled-back test must not find another form's entries."""
    caches = (compiled_form, forms_selectors._published_definition)
    for cache in caches:
        cache.cache_clear()
    yield
    for cache in caches:
        cache.cache_clear()


@pytest.fixture
def anonymous() -> Owner:
    return Owner.anonymous(Owner.new_anonymous_token())


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A real clamd (Debian's clamav-daemon) on a Unix socket, knowing only the EICAR file.

    No signature download is possible here, so the database is one MD5 signature that
    `sigtool` makes from the EICAR test file, as a real deployment's freshclam data would.
    """
    from tests.submissions.files import EICAR

    clamd, sigtool = shutil.which("clamd", path=CLAMD_PATH), shutil.which("sigtool")
    if clamd is None or sigtool is None:
        pytest.skip(
            "clamd/sigtool fehlen / missing: apt-get install clamav-daemon clamav "
            "(scripts/install.sh --system)"
        )
    folder = tmp_path_factory.mktemp("clamd")
    (folder / "db").mkdir()
    (folder / "eicar.com").write_bytes(EICAR)
    signature = subprocess.run(
        [sigtool, "--md5", "eicar.com"], cwd=folder, capture_output=True, check=True, timeout=30
    )
    (folder / "db" / "test.hdb").write_bytes(signature.stdout)
    socket_path = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(
        f"LocalSocket {socket_path}\nDatabaseDirectory {folder / 'db'}\nForeground yes\n"
        f"TemporaryDirectory {folder}\nLogFile {folder / 'clamd.log'}\n"
        "StreamMaxLength 20M\n"
    )
    process = subprocess.Popen(
        [clamd, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while not socket_path.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                log = (folder / "clamd.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"clamd did not start: {log}")
            time.sleep(0.2)
        yield socket_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def clamd_scanning(clamd_socket: Path) -> Iterator[Path]:
    """Uploads are scanned by the real clamd for the length of one test."""
    with override_settings(RATHAUS_CLAMD_SOCKET=str(clamd_socket), RATHAUS_CLAMD_HOST=""):
        yield clamd_socket
