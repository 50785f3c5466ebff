"""Each audit test starts from an empty trail of its own."""

from __future__ import annotations

import pytest

from rathaus.audit.chain import GENESIS_HASH
from tests.audit.tamper import tamper


@pytest.fixture
def empty_trail(db: None) -> None:
    """Entries other tests committed (PostgreSQL tests with several connections do) are
    set aside inside this test's transaction; its rollback brings them back."""
    tamper(
        "DELETE FROM audit_auditentry",
        f"UPDATE audit_audithead SET sequence = 0, entry_hash = '{GENESIS_HASH}'",
    )
