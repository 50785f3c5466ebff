"""rathaus audit verify [--anchor N:HASH] · rathaus audit show [--object T:ID] [--actor NAME]"""

from __future__ import annotations

import json
import time
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from rathaus.audit.selectors import Damage, Verification, audit_entries, audit_verify

# (German, English) for the first broken place; {n} is the entry concerned
DAMAGE_TEXT = {
    Damage.EDITED: (
        "Eintrag {n} passt nicht mehr zu seiner Prüfsumme (nachträglich geändert)",
        "entry {n} no longer matches its hash (edited)",
    ),
    Damage.RELINKED: (
        "Eintrag {n} verweist nicht auf den Eintrag davor (der wurde ersetzt)",
        "entry {n} does not link to the entry before it (that one was replaced)",
    ),
    Damage.MISSING: ("Eintrag {n} fehlt (gelöscht)", "entry {n} is missing (deleted)"),
    Damage.NEWEST_MISSING: (
        "Eintrag {n} fehlt: das Protokollende nennt mehr Einträge (neueste gelöscht)",
        "entry {n} is missing: the head names more entries (newest deleted)",
    ),
    Damage.HEAD_MISMATCH: (
        "die Prüfsumme im Protokollende passt nicht zu Eintrag {n}",
        "head mismatch: the head's hash is not that of entry {n}",
    ),
    Damage.HEAD_MISSING: (
        "das Protokollende (Tabelle audit_audithead) fehlt",
        "the head row (table audit_audithead) is missing",
    ),
    Damage.ANCHOR_MISMATCH: (
        "Eintrag {n} hat nicht die Prüfsumme des Ankers (Kette neu berechnet?)",
        "entry {n} does not have the anchor's hash (chain recomputed?)",
    ),
    Damage.UNREADABLE: ("Eintrag {n} enthält ungültige Werte", "entry {n} holds invalid values"),
}


def _anchor(value: str) -> tuple[int, str]:
    sequence, _, digest = value.partition(":")
    if not sequence.isdigit() or len(digest) != 64:
        raise ArgumentTypeError("erwartet NR:PRÜFSUMME / expected SEQUENCE:SHA256HEX")
    return int(sequence), digest.lower()


class Command(BaseCommand):
    help = (
        "Protokoll (Audit-Trail): 'verify' prüft die Hash-Kette, 'show' listet Einträge. / "
        "Audit trail: 'verify' checks the hash chain, 'show' lists entries."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser("verify", help="Hash-Kette prüfen / check the hash chain")
        verify.add_argument(
            "--anchor",
            type=_anchor,
            help="NR:PRÜFSUMME, früher außerhalb der Datenbank notiert / noted elsewhere earlier",
        )
        show = actions.add_parser("show", help="Einträge auflisten / list entries")
        show.add_argument("--object", help="TYP:ID, z. B. identity.Citizen:12")
        show.add_argument("--actor", help="Benutzername, 'system', 'worker', 'api-client:…'")
        show.add_argument("--limit", type=int, default=50, help="höchstens N (neueste)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            if action == "verify":
                self._verify(options["anchor"])
            else:
                self._show(options["object"], options["actor"], options["limit"])
        except DatabaseError as error:
            raise CommandError(
                f"Protokoll nicht lesbar / audit trail not readable: {error}"
            ) from None

    def _verify(self, anchor: tuple[int, str] | None) -> None:
        started = time.monotonic()
        result = audit_verify(anchor=anchor)
        seconds = time.monotonic() - started
        if not result.intact:
            raise CommandError(_broken(result))
        rate = f"{result.entries / seconds:,.0f}".replace(",", ".") if seconds > 0 else "–"
        self.stdout.write(
            self.style.SUCCESS(
                f"Protokoll unversehrt: {result.entries} Einträge geprüft in {seconds:.1f} s "
                f"({rate} je Sekunde); letzter Eintrag {result.last_sequence}, "
                f"Prüfsumme {result.last_hash}. / Audit trail intact: {result.entries} entries, "
                f"last {result.last_sequence}:{result.last_hash}"
            )
        )

    def _show(self, obj: str | None, actor: str | None, limit: int) -> None:
        object_type = object_id = None
        if obj is not None:
            object_type, separator, object_id = obj.partition(":")
            if not separator or not object_type:
                raise CommandError("--object erwartet TYP:ID / --object expects TYPE:ID")
        if limit < 1:
            raise CommandError("--limit muss mindestens 1 sein / --limit must be at least 1")
        entries = audit_entries(
            object_type=object_type, object_id=object_id, actor=actor, limit=limit
        )
        for entry in entries:
            when = timezone.localtime(entry.created_at).isoformat(timespec="seconds")
            line = (
                f"{entry.sequence:>8}  {when}  {entry.actor}  {entry.action}  "
                f"{entry.object_type}:{entry.object_id}"
            )
            if entry.authority_id is not None:
                line += f"  Behörde {entry.authority_id}"
            if entry.reason:
                line += f"  Grund: {entry.reason}"
            if entry.details:
                line += "  " + json.dumps(entry.details, ensure_ascii=False, sort_keys=True)
            self.stdout.write(line)
        if not entries:
            self.stdout.write("Keine Einträge gefunden. / No entries found.")


def _broken(result: Verification) -> str:
    german, english = DAMAGE_TEXT[result.damage] if result.damage else ("", "")
    n = result.at_sequence
    return (
        f"Protokoll beschädigt: {german.format(n=n)}. "
        f"Bis Eintrag {result.last_sequence} ist die Kette unversehrt. / "
        f"Audit trail broken: {english.format(n=n)}. Intact up to entry {result.last_sequence}."
    )
