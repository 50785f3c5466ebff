"""The parts of the search, on small hand-made data: no database needed."""

from __future__ import annotations

import pytest

from rathaus.catalog.search.compounds import Decompounder
from rathaus.catalog.search.engine import Document, Engine
from rathaus.catalog.search.lexicon import lexicon_load
from rathaus.catalog.search.spelling import Speller
from rathaus.catalog.search.text import content_words, stem, words

VOCABULARY = ["hundesteuer", "befreiung", "fuehrung", "zeugnis", "park", "ausweis", "bewohner"]


def decompounder() -> Decompounder:
    return Decompounder(VOCABULARY, {stem(word) for word in VOCABULARY})


def service(pk: int, key: str, name: str, **fields: str) -> Document:
    values = {"keywords": "", "law": "", "ozg_name": "", "life_situation": "", "topic": ""}
    values.update(fields)
    return Document(pk, key, f"s{pk}", name, **values)


def test_words_are_folded_and_split_at_hyphens() -> None:
    assert words("Kfz-Ummeldung für Gießen") == ["kfz", "ummeldung", "fuer", "giessen"]


def test_stopwords_of_both_languages_are_dropped() -> None:
    assert content_words("Ich will heiraten. What do I need?") == ("heiraten",)


def test_a_compound_splits_into_the_fewest_known_words() -> None:
    assert decompounder().split("hundesteuerbefreiung") == ("hundesteuer", "befreiung")


def test_a_linking_s_between_the_parts_is_dropped() -> None:
    assert decompounder().split("fuehrungszeugnis") == ("fuehrung", "zeugnis")


def test_a_word_with_an_unknown_part_is_not_split() -> None:
    assert decompounder().split("hundekuchen") is None


def test_a_word_is_not_split_into_itself() -> None:
    assert decompounder().split("zeugnis") is None


def test_components_reach_every_level_of_a_compound() -> None:
    components = decompounder().components("bewohnerparkausweis")
    assert {"bewohner", "park", "ausweis"} <= components


def test_the_speller_corrects_one_typo_and_prefers_common_words() -> None:
    speller = Speller({"kindergeld": 30, "kindergelt": 0, "wohnung": 5, "wohnungen": 1})
    assert speller.corrections("wonung") == [("wohnung", 1)]
    assert speller.corrections("kindergeldd")[0] == ("kindergeld", 1)


def test_the_speller_leaves_short_words_and_first_letters_alone() -> None:
    speller = Speller({"amt": 3, "akt": 3, "wohnung": 5})
    assert speller.corrections("ant") == []
    assert speller.corrections("xohnung") == []


def test_the_lexicon_matches_inflections_and_prefers_longer_phrases() -> None:
    data = lexicon_load(
        "g:\n  hochzeit: Eheschließung\n  id card | ausweis: Personalausweis\n  card: Karte\n"
    )
    match = data.match(["hochzeiten"], [stem("hochzeiten")], 0)
    assert match is not None and match[1].terms == ("Eheschließung",)
    phrase = data.match(["id", "card"], ["id", "card"], 0)
    assert phrase is not None and phrase[0] == 2 and phrase[1].terms == ("Personalausweis",)


def test_the_lexicon_lets_the_spelling_decide_between_languages() -> None:
    data = lexicon_load("de:\n  rente: Rente\nen:\n  rent: Wohngeld\n")
    assert data.lookup("rent") is not None and data.lookup("rent").terms == ("Wohngeld",)
    assert data.lookup("rente") is not None and data.lookup("rente").terms == ("Rente",)


def test_a_group_weight_applies_to_its_entries() -> None:
    data = lexicon_load("verbs:\n  _weight: 0.5\n  beantragen: Antrag\n")
    entry = data.lookup("beantragen")
    assert entry is not None and entry.weight == 0.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("g:\n  perso: A\n  perso: B\n", "twice"),
        ("g:\n  _weight: 2\n  perso: A\n", "_weight"),
        ("g:\n  und der: A\n", "no usable word"),
        ("g:\n  perso: {a: b}\n", "must be text"),
        ("- a\n- b\n", "expected groups"),
    ],
)
def test_a_broken_lexicon_is_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        lexicon_load(text)


def test_the_ranking_prefers_services_that_cover_every_concept() -> None:
    index = Engine(
        [
            service(1, "99008001000000", "Personalausweis"),
            service(2, "99008001012003", "Personalausweis Ausstellung neu wegen Verlust"),
            service(3, "99023001036003", "Führerschein Ersatz wegen Verlust"),
        ]
    )
    assert [pk for pk, _ in index.search("Perso verloren")][:1] == [2]


def test_the_general_entry_wins_a_tie() -> None:
    index = Engine(
        [
            service(1, "99041008013000", "Kindergeld"),
            service(2, "99041008000000", "Kindergeld"),
        ]
    )
    assert [pk for pk, _ in index.search("Kindergeld")] == [2, 1]


def test_the_service_name_outweighs_the_life_situation() -> None:
    index = Engine(
        [
            service(1, "99000000000001", "Zuschuss", life_situation="Geburt"),
            service(2, "99000000000002", "Geburt"),
        ]
    )
    assert [pk for pk, _ in index.search("Geburt")] == [2, 1]


def test_the_raw_lookup_returns_the_postings_of_the_analysed_terms() -> None:
    index = Engine([service(1, "99000000000001", "Hundesteuer Befreiung")])
    terms = index.query_terms("Hundesteuerbefreiung")
    postings = index.lookup(terms)
    assert set(terms) == set(postings)
    assert any(1 in posting for posting in postings.values())
