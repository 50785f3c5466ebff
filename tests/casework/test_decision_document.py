"""The decision as a letter: PDF/A-3a, tagged, PDF/UA-1 declared, German, the text filled in."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from rathaus.casework.documents.preview import decision_preview, decision_sample_context
from rathaus.casework.documents.render import (
    DecisionTemplateBroken,
    decision_document,
    decision_text,
)
from rathaus.casework.documents.selectors import decision_context
from rathaus.casework.documents.variables import (
    BASE_NAMES,
    DecisionContext,
    Letterhead,
    template_values,
)
from rathaus.casework.models import DecisionTemplate
from rathaus.submissions.models import Submission
from tests.pdf import PDFAID, PDFUAID, fonts, read, structure_roles, text_of, xmp_property

CONTEXT = DecisionContext(
    reference="HE-06412-2026-000042",
    submitted_on=date(2026, 3, 14),
    decided_on=date(2026, 4, 2),
    service_name="Hundesteuer Festsetzung",
    authority=Letterhead(
        name="Stadtverwaltung Frankfurt am Main",
        address="Römerberg 23\n60311 Frankfurt am Main",
        town="Frankfurt am Main",
        contact=("Telefon 069 212-0",),
    ),
    applicant_name="Erika Mustermann",
    applicant_address="Heddernheimer Landstraße 7\n60439 Frankfurt",
    outcome="bewilligt",
    reasoning="Die Voraussetzungen liegen vor.\n\nDer Hund ist gemeldet.",
    answers={"hund_name": "Bello; Luna", "rasse": "<script>alert(1)</script>"},
)


@pytest.fixture
def pdf(template: DecisionTemplate) -> bytes:
    return decision_document(template=template, context=CONTEXT)


def test_it_declares_pdf_a_3a_and_pdf_ua_1(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-1.7")
    assert xmp_property(pdf, PDFAID, "part") == "3"
    assert xmp_property(pdf, PDFAID, "conformance") == "A"
    assert xmp_property(pdf, PDFUAID, "part") == "1"


def test_it_is_tagged_german_and_titled(pdf: bytes) -> None:
    root = read(pdf).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "de"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    roles = set(structure_roles(root["/StructTreeRoot"]))
    assert {"/H1", "/H2", "/P"} <= roles


def test_every_font_is_embedded(pdf: bytes) -> None:
    for font in (font for page in read(pdf).pages for font in fonts(page)):
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)


def test_the_letter_has_letterhead_address_date_reference_subject_and_remedy(pdf: bytes) -> None:
    text = text_of(pdf)
    for expected in (
        "Stadtverwaltung Frankfurt am Main",
        "Telefon 069 212-0",
        "Erika Mustermann\nHeddernheimer Landstraße 7\n60439 Frankfurt",
        "Frankfurt am Main, 2. April 2026",
        "HE-06412-2026-000042",
        "Bescheid",
        "über Ihren Antrag „Hundesteuer Festsetzung“ vom 14. März 2026",
        "Rechtsbehelfsbelehrung",
        "Seite 1 von 1",
    ):
        assert expected in text, expected


def test_the_body_has_the_variables_filled_in(pdf: bytes) -> None:
    text = " ".join(text_of(pdf).split())
    assert "Sehr geehrte(r) Erika Mustermann," in text
    assert "Ihr Antrag vom 14. März 2026 auf Hundesteuer Festsetzung wird bewilligt." in text
    assert "Ihr Hund „Bello; Luna“ ist ab heute angemeldet." in text
    assert "Widerspruch ist bei Stadtverwaltung Frankfurt am Main, Römerberg 23, 60311" in text


def test_a_decision_is_german_whatever_the_request_speaks(template: DecisionTemplate) -> None:
    with translation.override("en"):
        pdf = decision_document(template=template, context=CONTEXT)
    assert read(pdf).trailer["/Root"]["/Lang"] == "de"
    assert "vom 14. März 2026 auf" in " ".join(text_of(pdf).split())


def test_without_linebreaks_a_value_is_one_line_with_it_keeps_paragraphs() -> None:
    source = "{{ behoerde.anschrift }}|{{ behoerde.anschrift|linebreaks }}"
    assert decision_text(source, CONTEXT) == (
        "Römerberg 23, 60311 Frankfurt am Main|Römerberg 23\n60311 Frankfurt am Main"
    )
    assert decision_text("{{ entscheidung.begruendung }}", CONTEXT) == (
        "Die Voraussetzungen liegen vor. Der Hund ist gemeldet."
    )


def test_dates_and_defaults_work_as_in_django() -> None:
    source = '{{ heute|date:"d.m.Y" }} {{ eingang }} {{ antrag.rasse|default:"-" }} ' + (
        '{{ antrag.gehalten_seit|default:"unbekannt" }}'
    )
    assert decision_text(source, CONTEXT) == (
        "02.04.2026 14. März 2026 <script>alert(1)</script> unbekannt"
    )


def test_markup_in_answers_and_template_is_printed_as_text(template: DecisionTemplate) -> None:
    template.body = "<b>Fett?</b> {{ antrag.rasse }}"
    pdf = decision_document(template=template, context=CONTEXT)
    assert "<b>Fett?</b> <script>alert(1)</script>" in text_of(pdf)


def test_the_values_cover_exactly_the_declared_variables() -> None:
    values = template_values(CONTEXT)

    def names(tree: dict[str, object], prefix: str = "") -> set[str]:
        found: set[str] = set()
        for key, value in tree.items():
            if key == "antrag":
                continue
            if isinstance(value, dict):
                found |= names(value, f"{prefix}{key}.")
            else:
                found.add(f"{prefix}{key}")
        return found

    assert names(values) == set(BASE_NAMES)
    assert values["antrag"]["never_answered"] == ""


def test_a_stored_template_that_no_longer_parses_is_not_rendered_silently(
    template: DecisionTemplate,
) -> None:
    DecisionTemplate.objects.filter(pk=template.pk).update(body="{% load x %}")
    template.refresh_from_db()
    with pytest.raises(DecisionTemplateBroken, match="Zeile 1"):
        decision_document(template=template, context=CONTEXT)


def test_the_context_of_a_submission_takes_applicant_answers_and_authority(
    submission: Submission,
) -> None:
    context = decision_context(
        submission=submission, outcome="approved", reasoning="Alles in Ordnung."
    )
    assert context.reference == submission.reference
    assert context.applicant_name == "Erika Mustermann <b>fett</b>"
    assert context.applicant_address == "Heddernheimer Landstraße 7\n60439 Frankfurt"
    assert context.authority.name == "Stadtverwaltung Frankfurt am Main"
    assert context.authority.address == "Römerberg 23\n60311 Frankfurt am Main"
    assert context.outcome == "bewilligt"
    assert context.answers["hund_name"] == "Bello; Luna"
    assert context.answers["geburtsdatum"] == "12.08.1984"
    assert context.answers["befreiung_beantragt"] == "Nein"


def test_a_decision_on_a_real_submission(
    template: DecisionTemplate, submission: Submission
) -> None:
    text = " ".join(text_of(decision_preview(template=template, submission=submission)).split())
    assert submission.reference in text
    assert "Sehr geehrte(r) Erika Mustermann <b>fett</b>," in text


def test_the_sample_preview_shows_each_answer_as_its_question(template: DecisionTemplate) -> None:
    context = decision_sample_context(template=template)
    assert context.answers["hund_name"] == "[Name des Hundes]"
    text = " ".join(text_of(decision_preview(template=template)).split())
    assert "Ihr Hund „[Name des Hundes]“ ist ab heute angemeldet." in text
    assert "Gemeindeverwaltung Musterstadt" in text


def test_a_long_reasoning_flows_onto_more_pages_with_a_running_header(
    template: DecisionTemplate,
) -> None:
    reasons = "\n\n".join(f"Absatz {n}: " + "Die Prüfung ergab Folgendes. " * 12 for n in range(40))
    context = DecisionContext(**{**CONTEXT.__dict__, "reasoning": reasons})
    reader = read(decision_document(template=template, context=context))
    assert len(reader.pages) > 2
    last = reader.pages[-1].extract_text()
    assert "Aktenzeichen HE-06412-2026-000042" in last
    assert f"Seite {len(reader.pages)} von {len(reader.pages)}" in last
