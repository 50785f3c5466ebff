"""Per-process caches of rules and registers: read once, read anew when a row changes."""

from __future__ import annotations

import time

import pytest

from rathaus.catalog.models import ResponsibilityRule
from rathaus.common.csvimport import ImportReport
from rathaus.common.process_cache import ProcessCache
from rathaus.common.upsert import Upserter
from tests.catalog.responsible import responsible

pytestmark = pytest.mark.django_db
VEHICLES = "99036008007001"  # Kfz-Zulassung: the Kreis or the kreisfreie Stadt
FULDATAL = "06633009"  # a municipality in the Landkreis Kassel


def _counting(cache: ProcessCache[int], key: str, reads: list[int]) -> int:
    def compute() -> int:
        reads.append(1)
        return len(reads)

    return cache.get(key, compute)


def test_a_value_is_read_once_and_again_after_its_model_changes() -> None:
    cache: ProcessCache[int] = ProcessCache("catalog.ResponsibilityRule")
    reads: list[int] = []
    assert _counting(cache, "rules", reads) == 1
    assert _counting(cache, "rules", reads) == 1  # kept
    rule = ResponsibilityRule.objects.order_by("pk").first()
    assert rule is not None
    rule.save()
    assert _counting(cache, "rules", reads) == 2  # read anew after the save
    rule.delete()
    assert _counting(cache, "rules", reads) == 3  # and after the delete


def test_a_value_is_read_anew_after_its_time() -> None:
    cache: ProcessCache[int] = ProcessCache("catalog.ResponsibilityRule", ttl=0.05)
    reads: list[int] = []
    assert _counting(cache, "rules", reads) == 1
    time.sleep(0.1)
    assert _counting(cache, "rules", reads) == 2


def test_a_changed_rule_decides_the_next_lookup_at_once() -> None:
    assert responsible(VEHICLES, FULDATAL) == "Kreisverwaltung Landkreis Kassel"
    ResponsibilityRule.objects.create(
        name="Test: Kfz bei der Gemeinde",
        priority=0,
        match_key_prefixes=VEHICLES,
        target_level="gemeinde",
    )
    assert responsible(VEHICLES, FULDATAL) == "Gemeindeverwaltung Fuldatal"


def test_rules_written_in_bulk_are_read_anew() -> None:
    values = {"name": "Test: Kfz bei der Gemeinde", "priority": 0, "target_level": "gemeinde"}
    ResponsibilityRule.objects.create(**values, match_key_prefixes=VEHICLES)
    assert responsible(VEHICLES, FULDATAL) == "Gemeindeverwaltung Fuldatal"  # cached now
    rules = Upserter(ResponsibilityRule, key=lambda r: r.name, label="rules", report=ImportReport())
    rules.apply(values["name"], {"is_active": False})
    rules.flush()  # a bulk update: no model signal
    assert responsible(VEHICLES, FULDATAL) == "Kreisverwaltung Landkreis Kassel"
