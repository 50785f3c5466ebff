"""Trust levels from what the providers say: STORK-QAA names, eIDAS LoA URIs, own values."""

from __future__ import annotations

import pytest

from rathaus.identity.trust import TrustLevel, acr_values_for, trust_level_from_claim


@pytest.mark.parametrize(
    ("value", "level"),
    [
        ("STORK-QAA-Level-1", TrustLevel.NIEDRIG),
        ("STORK-QAA-Level-2", TrustLevel.NIEDRIG),
        ("STORK-QAA-Level-3", TrustLevel.SUBSTANZIELL),
        ("stork-qaa-level-4", TrustLevel.HOCH),
        ("urn:example:bundid:acr:STORK-QAA-Level-4", TrustLevel.HOCH),
        ("http://eidas.europa.eu/LoA/low", TrustLevel.NIEDRIG),
        ("http://eidas.europa.eu/LoA/substantial", TrustLevel.SUBSTANZIELL),
        ("http://eidas.europa.eu/LoA/high", TrustLevel.HOCH),
        ("substanziell", TrustLevel.SUBSTANZIELL),
    ],
)
def test_it_understands_the_usual_claim_values(value: str, level: TrustLevel) -> None:
    assert trust_level_from_claim(value, {}) == level


@pytest.mark.parametrize("value", ["", "  ", "STORK-QAA-Level-5", "gold", None, 3, ["hoch"]])
def test_an_unknown_claim_value_proves_no_level(value: object) -> None:
    assert trust_level_from_claim(value, {}) is None


def test_the_operators_own_values_are_asked_first() -> None:
    extra = {"1": "niedrig", "urn:land:acr:eid": "hoch", "STORK-QAA-Level-4": "substanziell"}
    assert trust_level_from_claim("urn:land:acr:eid", extra) == TrustLevel.HOCH
    assert trust_level_from_claim("STORK-QAA-Level-4", extra) == TrustLevel.SUBSTANZIELL
    assert trust_level_from_claim("1", extra) == TrustLevel.NIEDRIG


def test_acr_values_ask_for_the_level_or_more() -> None:
    assert acr_values_for(TrustLevel.NIEDRIG).split() == [
        "STORK-QAA-Level-1",
        "STORK-QAA-Level-3",
        "STORK-QAA-Level-4",
    ]
    assert acr_values_for(TrustLevel.HOCH) == "STORK-QAA-Level-4"
