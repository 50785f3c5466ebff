"""The baseline of the submit benchmark: a bare Django view that inserts one row.

Mounted only when RATHAUS_BENCHMARK_VIEWS is on (benchmarks/submit_benchmark.py sets it),
so the benchmark compares the submit path with the cheapest possible write on the same
server, database and middleware.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST


@require_POST
def insert_one_row(request: HttpRequest) -> HttpResponse:
    """Insert one row (a session record, an existing table) and answer 201."""
    Session.objects.create(
        session_key=secrets.token_hex(16),
        session_data="",
        expire_date=timezone.now() + timedelta(minutes=5),
    )
    return HttpResponse(status=201)
