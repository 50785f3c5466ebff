"""rathaus deliveries: how many applications wait, were delivered or failed; resend."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from rathaus.submissions.delivery.outbox import delivery_resend
from rathaus.submissions.models import Delivery, DeliveryState


class Command(BaseCommand):
    help = "Zeigt den Stand der Übermittlungen; sendet fehlgeschlagene erneut."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["status", "resend-failed"])
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="maschinenlesbar ausgeben"
        )

    def handle(self, *args: Any, action: str, as_json: bool, **options: Any) -> None:
        if action == "resend-failed":
            failed = Delivery.objects.filter(state=DeliveryState.FAILED)
            resent = sum(delivery_resend(delivery=d) for d in failed)
            self.stdout.write(f"{resent} Übermittlung(en) neu eingeplant.")
            return
        counts = {state.value: 0 for state in DeliveryState}
        for state in Delivery.objects.values_list("state", flat=True):
            counts[state] += 1
        if as_json:
            self.stdout.write(json.dumps(counts))
            return
        for state in DeliveryState:
            self.stdout.write(f"{state.label}: {counts[state.value]}")
