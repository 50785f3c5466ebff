"""When generating cases is refused, and why; German first, then English.

Generated cases look real on purpose: in a database with real work they could not be told
apart by a caseworker, and a million of them bury the real ones. So:
- never where RATHAUS_ENV is "production" (no switch turns this off);
- only on PostgreSQL: the rows are streamed with COPY, and the figures that matter are
  PostgreSQL's (SQLite is the single-machine default, not the large back office);
- not in a database that holds submissions this command did not make (the demo's, or
  real ones), unless --force says that this database is a scratch copy.
Generated rows stay recognisable (owner key `casework-generate`, staff `testdaten-…` without a
usable password or second factor, so nobody can log in as them).
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from rathaus.casework.generator import GENERATED_OWNER
from rathaus.submissions.models import Submission


def generation_refusal(*, force: bool) -> str | None:
    """Why cases must not be generated in this database, or None if they may be."""
    if settings.RATHAUS_ENV == "production":
        return (
            "In Produktion werden keine Testvorgänge erzeugt (RATHAUS_ENV=production). / "
            "Test cases are never generated in production."
        )
    if connection.vendor != "postgresql":
        return (
            f"Testvorgänge nur auf PostgreSQL; diese Datenbank ist {connection.vendor}. Bitte "
            "DATABASE_URL auf eine eigene PostgreSQL-Datenbank setzen. / Test cases need "
            f"PostgreSQL; this database is {connection.vendor}. Point DATABASE_URL at a "
            "PostgreSQL database of their own."
        )
    real = Submission.objects.exclude(owner_key=GENERATED_OWNER).count()
    if real and not force:
        return (
            f"Die Datenbank enthält {real} echte Anträge; Testvorgänge gehören in eine eigene "
            "Datenbank (oder --force für eine Wegwerf-Kopie). / The database holds "
            f"{real} real submissions; generate into a database of its own (or --force for "
            "a scratch copy)."
        )
    return None
