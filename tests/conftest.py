"""Shared fixtures: the real public data imported once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.utils import translation

from rathaus.authorities.services import authorities_generate
from rathaus.catalog.services import catalog_import, rules_load
from rathaus.commands.demo_data import (
    demo_accounts_create,
    demo_forms_create,
    demo_offerings_create,
)
from rathaus.common.process_cache import clear_every_cache
from rathaus.territory.services import regions_import
from tests.smtp import smtp_server
from tests.staff import staff_client

__all__ = ["smtp_server"]  # a real SMTP server on loopback, for every test that sends mail


def pytest_configure(config: pytest.Config) -> None:
    """WhiteNoise expects the static root to exist even when tests collect nothing into it."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real data sets (RATHAUS_DATA_DIR, by default ../shared/data)."""
    path = Path(settings.RATHAUS_DATA_DIR)
    if not (path / "territory").is_dir():
        pytest.fail(f"Real data missing at {path}; set RATHAUS_DATA_DIR")
    return path


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: Any, data_dir: Path
) -> Iterator[None]:
    """Every test database starts with Hessen, the catalogue, authorities, rules and demo rows."""
    with django_db_blocker.unblock():
        regions_import(directory=data_dir)
        catalog_import(directory=data_dir)
        authorities_generate()
        rules_load()
        demo_offerings_create()
        demo_forms_create(data_dir)
        demo_accounts_create()
    yield


@pytest.fixture(autouse=True)
def _plain_static_files(tmp_path: Path) -> Iterator[None]:
    """Templates resolve {% static %} without a collectstatic manifest in tests, and uploads
    land in the test's own folder."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "anlagen"},
        },
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(autouse=True)
def _german_after_each_test() -> Iterator[None]:
    """A request in English leaves English active in the thread; the next test starts German."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _nothing_cached_from_another_test() -> None:
    """Each test's database is rolled back without signals: the process caches start empty."""
    clear_every_cache()


@pytest.fixture
def admin_client(db: None) -> Client:
    """pytest-django's admin client, past the TOTP step the staff site asks for."""
    return staff_client(User.objects.get(username="admin"))
