"""`rathaus audit show` lists entries; `rathaus audit` never ends in a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rathaus.audit.models import ActorKind, AuditAction
from rathaus.audit.services import Actor, audit_record

RATHAUS = [sys.executable, "-m", "rathaus.cli"]


@pytest.fixture
def entries(empty_trail: None) -> None:
    for name, obj_id in [("anna", "1"), ("bernd", "2"), ("anna", "3")]:
        audit_record(
            actor=Actor(ActorKind.USER, name, None),
            action=AuditAction.READ,
            obj_type="identity.Citizen",
            obj_id=obj_id,
            authority_id=4,
            reason="Auskunftsersuchen",
            details={"view": "change"},
        )
    audit_record(actor=Actor.worker(), action=AuditAction.DELETE, obj_type="t.T", obj_id="1")


def _show(*args: str) -> list[str]:
    out = StringIO()
    call_command("audit", "show", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.usefixtures("entries")
def test_show_lists_the_newest_entries_oldest_first() -> None:
    lines = _show("--limit", "2")
    assert len(lines) == 2
    assert lines[0].split()[0] == "3" and lines[1].split()[0] == "4"
    assert lines[0].endswith(
        'anna  read  identity.Citizen:3  Behörde 4  Grund: Auskunftsersuchen  {"view": "change"}'
    )
    assert "worker  delete  t.T:1" in lines[1]


@pytest.mark.usefixtures("entries")
def test_show_filters_by_object_and_actor() -> None:
    assert [line.split()[0] for line in _show("--object", "identity.Citizen:1")] == ["1"]
    assert [line.split()[0] for line in _show("--actor", "anna")] == ["1", "3"]
    assert _show("--actor", "niemand") == ["Keine Einträge gefunden. / No entries found."]


@pytest.mark.usefixtures("entries")
@pytest.mark.parametrize(
    ("args", "message"),
    [(["--object", "ohne-doppelpunkt"], "TYP:ID"), (["--limit", "0"], "mindestens 1")],
)
def test_show_refuses_bad_arguments_with_a_message(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _show(*args)


def test_verify_on_a_database_without_the_trail_exits_1_with_a_message(tmp_path: Path) -> None:
    """A fresh SQLite file, never migrated: a clear message and exit status 1."""
    env = {**os.environ, "RATHAUS_HOME": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [*RATHAUS, "audit", "verify"], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 1
    assert "Protokoll nicht lesbar / audit trail not readable" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
