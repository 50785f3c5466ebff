"""Baselines of the benchmarks: bare Django views that insert one row or read one row.

Mounted only when RATHAUS_BENCHMARK_VIEWS is on (benchmarks/submit_benchmark.py and
worklist_benchmark.py set it), so a benchmark compares its path with the cheapest possible
write or read on the same server, database and middleware.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from rathaus.casework.models import Case


@require_POST
def insert_one_row(request: HttpRequest) -> HttpResponse:
    """Insert one row (a session record, an existing table) and answer 201."""
    Session.objects.create(
        session_key=secrets.token_hex(16),
        session_data="",
        expire_date=timezone.now() + timedelta(minutes=5),
    )
    return HttpResponse(status=201)


@require_GET
def read_one_row(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Read one case by its primary key and answer with its reference (no login, no page)."""
    reference = Case.objects.filter(pk=case_id).values_list("reference", flat=True).first()
    if reference is None:
        raise Http404
    return HttpResponse(reference, content_type="text/plain")
