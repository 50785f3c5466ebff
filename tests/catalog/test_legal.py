"""Legal basis texts become readable references with links."""

from rathaus.catalog.legal import LegalReference, legal_references


def test_a_norm_with_a_link_becomes_a_labelled_link() -> None:
    text = "§ 882g Zivilprozessordnung (ZPO) [http://www.gesetze-im-internet.de/zpo/__882g.html]"
    assert legal_references(text) == [
        LegalReference(
            "§ 882g Zivilprozessordnung (ZPO)", "https://www.gesetze-im-internet.de/zpo/__882g.html"
        )
    ]


def test_several_norms_are_split_at_their_links() -> None:
    text = (
        "§ 49 Kreislaufwirtschaftsgesetz [http://a.example/49.html], "
        "§ 23 Nachweisverordnung [http://a.example/23.html]"
    )
    labels = [reference.label for reference in legal_references(text)]
    assert labels == ["§ 49 Kreislaufwirtschaftsgesetz", "§ 23 Nachweisverordnung"]


def test_text_without_a_link_stays_plain() -> None:
    assert legal_references("Art. 3 GG") == [LegalReference("Art. 3 GG")]
    assert legal_references("") == []


def test_a_broken_bracket_does_not_lose_text() -> None:
    result = legal_references("§ 1 Gesetz [kein Link")
    assert result == [LegalReference("§ 1 Gesetz [kein Link")]
