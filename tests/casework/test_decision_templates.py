"""A decision template is checked when it is saved: every problem named with its line."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rathaus.casework.documents.checks import template_parse, template_problems
from rathaus.casework.documents.selectors import (
    decision_template_names,
    decision_templates_for,
    service_form_fields,
)
from rathaus.casework.documents.services import decision_template_create, decision_template_update
from rathaus.casework.documents.variables import BASE_NAMES
from rathaus.casework.models import DecisionTemplate
from rathaus.catalog.models import Service
from tests.casework.conftest import BODY, template_values


def refused(service: Service, **changes: str) -> dict[str, list[str]]:
    """Try to store a template; return its errors by field after checking nothing was stored."""
    before = DecisionTemplate.objects.count()
    with pytest.raises(ValidationError) as caught:
        decision_template_create(**template_values(service, **changes))
    assert DecisionTemplate.objects.count() == before
    return caught.value.message_dict


def test_a_template_using_case_and_form_variables_is_stored(template: DecisionTemplate) -> None:
    stored = DecisionTemplate.objects.get(pk=template.pk)
    assert stored.body == BODY
    assert stored.active and stored.created_at and stored.updated_at


def test_the_service_form_fields_become_antrag_variables(service: Service) -> None:
    fields = service_form_fields(service_id=service.pk)
    assert fields["vorname"] == "Vorname"
    assert fields["hund_name"] == "Name des Hundes"  # inside a repeated group too
    assert "anschrift" not in fields  # a group is no value
    names = decision_template_names(service_id=service.pk)
    assert {"antrag.vorname", "antrag.plz", "aktenzeichen", "behoerde.anschrift"} <= set(names)


def test_a_missing_variable_is_named_with_its_line_and_what_exists(service: Service) -> None:
    errors = refused(service, body="Guten Tag,\n\nIhr Hund {{ antrag.hunde_name }} ist angemeldet.")
    [message] = errors["body"]
    assert message.startswith("Zeile 3:")
    assert "„antrag.hunde_name“" in message
    assert "Meinten Sie antrag.hund_name?" in message
    assert "Verfügbar sind: aktenzeichen, eingang, heute" in message


def test_an_unknown_base_variable_is_refused_in_english_too(service: Service) -> None:
    with translation.override("en"):
        errors = refused(service, body="{{ behoerde.telefon }}")
    [message] = errors["body"]
    assert message.startswith("Line 1: The variable “behoerde.telefon” does not exist.")
    assert "Available: aktenzeichen" in message


@pytest.mark.parametrize(
    "body, tag",
    [
        ('{% include "casework/decision.html" %}', "include"),
        ("{% load static %}{% static 'x' %}", "load"),
        ("{% if antrag.vorname %}Hallo{% endif %}", "if"),
        ("{% extends 'ui/base.html' %}", "extends"),
    ],
)
def test_tags_are_refused(service: Service, body: str, tag: str) -> None:
    errors = refused(service, body=body)
    assert f"Anweisungen wie „{{% {tag} %}}“ sind nicht erlaubt" in errors["body"][0]
    assert errors["body"][0].startswith("Zeile 1:")


@pytest.mark.parametrize("name", ["upper", "safe", "truncatechars:3", "no_such_filter"])
def test_any_filter_but_date_default_linebreaks_is_refused(service: Service, name: str) -> None:
    errors = refused(service, legal_remedy=f"Zeile eins\n{{{{ aktenzeichen|{name} }}}}")
    [message] = errors["legal_remedy"]
    filter_name = name.split(":")[0]
    assert message == (
        f"Zeile 2: Den Filter „{filter_name}“ gibt es hier nicht; erlaubt sind: "
        "date, default, linebreaks."
    )


def test_a_syntax_error_names_its_line(service: Service) -> None:
    errors = refused(service, body='Text\n\n{{ eingang|date:"d.m.Y }}')
    [message] = errors["body"]
    assert message.startswith('Zeile 3: „{{ eingang|date:"d.m.Y }}“ ist fehlerhaft')


def test_an_unclosed_variable_is_found_even_though_django_would_print_it(
    service: Service,
) -> None:
    errors = refused(service, body="Sehr geehrte Damen und Herren,\n\n{{ antragsteller.name\n}}")
    assert errors["body"] == ["Zeile 3: „{{“ wird nicht in derselben Zeile mit „}}“ geschlossen."]


def test_a_filter_argument_is_a_variable_that_must_exist_too(service: Service) -> None:
    errors = refused(service, body="{{ antrag.rasse|default:antrag.farbe }}")
    assert "„antrag.farbe“" in errors["body"][0]


def test_every_problem_of_both_texts_is_reported_at_once(service: Service) -> None:
    errors = refused(service, body="{{ x }}\n{% load i18n %}\n{{ y|upper }}", legal_remedy="{{ }}")
    assert [m.split(":")[0] for m in errors["body"]] == ["Zeile 1", "Zeile 2", "Zeile 3"]
    assert errors["legal_remedy"] == [
        "Zeile 1: „{{ }}“ ist leer: zwischen die Klammern gehört eine Variable."
    ]


def test_a_service_without_a_published_form_has_no_antrag_variables(db: None) -> None:
    without_form = Service.objects.filter(forms__isnull=True).order_by("pk").first()
    assert without_form is not None
    errors = refused(without_form, body="{{ antrag.vorname }}")
    assert "Die Leistung hat kein veröffentlichtes Formular." in errors["body"][0]


def test_a_failed_update_leaves_the_stored_template_as_it_was(template: DecisionTemplate) -> None:
    with pytest.raises(ValidationError):
        decision_template_update(template=template, body="{% include 'x' %}", name="Neu")
    template.refresh_from_db()
    assert template.body == BODY and template.name == "Anmeldung Hundesteuer bewilligt"
    decision_template_update(template=template, name="Neu")
    template.refresh_from_db()
    assert template.name == "Neu"


def test_the_model_clean_refuses_what_the_service_refuses(service: Service) -> None:
    draft = DecisionTemplate(**template_values(service, body="{{ nichts }}"))
    with pytest.raises(ValidationError) as caught:
        draft.full_clean()
    assert "body" in caught.value.message_dict


def test_the_templates_for_a_decision_put_the_authority_s_own_first(
    service: Service, authority: object
) -> None:
    general = decision_template_create(**template_values(service, name="A allgemein"))
    own = decision_template_create(**template_values(service, name="Z eigene", authority=authority))
    decision_template_create(**template_values(service, name="B aus", active=False))
    decision_template_create(**template_values(service, name="C abgelehnt", outcome="rejected"))
    found = decision_templates_for(service=service, authority=authority, outcome="approved")  # type: ignore[arg-type]
    assert found == [own, general]
    assert decision_templates_for(service=service, authority=None, outcome="approved") == [general]


def test_the_pieces_keep_text_and_values_in_order() -> None:
    pieces, problems = template_parse("A {{ aktenzeichen }} B {{ heute|date:'Y' }}")
    assert problems == []
    assert [type(piece).__name__ for piece in pieces] == ["Text", "Value", "Text", "Value"]
    assert template_problems("{{ heute|date:'Y' }}", names=BASE_NAMES) == []
