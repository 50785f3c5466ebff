"""What a decision template may refer to: the one list of its variables and their values.

A template names a variable as `{{ behoerde.name }}`; `VARIABLES` lists every name with
what it means and how its value is taken from a `DecisionContext`. Besides these, each field
of the service's published forms is `{{ antrag.<field id> }}` (`ANSWER_PREFIX`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ANSWER_PREFIX = "antrag."


@dataclass(frozen=True)
class Letterhead:
    """The deciding authority as its letters name it."""

    name: str
    address: str = ""  # street, then postcode and town, one per line
    town: str = ""
    contact: tuple[str, ...] = ()  # telephone, e-mail, web


@dataclass(frozen=True)
class DecisionContext:
    """Everything a decision document says besides its template's text (German)."""

    reference: str
    submitted_on: date
    decided_on: date
    service_name: str
    authority: Letterhead
    applicant_name: str
    applicant_address: str  # one line each
    outcome: str  # the result in words, e.g. "bewilligt"
    reasoning: str  # the caseworker's reasons; paragraphs separated by blank lines
    answers: Mapping[str, str] = field(default_factory=dict)  # field id → readable answer


@dataclass(frozen=True)
class Variable:
    name: str
    meaning: str | Promise
    value: Callable[[DecisionContext], object]


VARIABLES: tuple[Variable, ...] = (
    Variable("aktenzeichen", _("Aktenzeichen des Antrags"), lambda c: c.reference),
    Variable("eingang", _("Tag, an dem der Antrag einging"), lambda c: c.submitted_on),
    Variable("heute", _("Datum des Bescheids"), lambda c: c.decided_on),
    Variable("leistung", _("Name der Leistung"), lambda c: c.service_name),
    Variable("behoerde.name", _("Name der Behörde"), lambda c: c.authority.name),
    Variable(
        "behoerde.anschrift", _("Anschrift der Behörde (mehrzeilig)"), lambda c: c.authority.address
    ),
    Variable("behoerde.ort", _("Ort der Behörde"), lambda c: c.authority.town),
    Variable(
        "antragsteller.name", _("Name der antragstellenden Person"), lambda c: c.applicant_name
    ),
    Variable(
        "antragsteller.anschrift",
        _("Anschrift der antragstellenden Person (mehrzeilig)"),
        lambda c: c.applicant_address,
    ),
    Variable(
        "entscheidung.ergebnis",
        _("Ergebnis: bewilligt, abgelehnt, teilweise bewilligt …"),
        lambda c: c.outcome,
    ),
    Variable(
        "entscheidung.begruendung",
        _("Begründung der Sachbearbeitung (mehrzeilig)"),
        lambda c: c.reasoning,
    ),
)
BASE_NAMES: tuple[str, ...] = tuple(variable.name for variable in VARIABLES)

# The result in the words of a decision, which is always German (§ 23 VwVfG).
OUTCOME_WORDS = {
    "approved": "bewilligt",
    "rejected": "abgelehnt",
    "partly_approved": "teilweise bewilligt",
    "other": "entschieden",
}


class Answers(dict[str, str]):
    """The form's answers; a field the applicant left empty reads as empty text."""

    def __missing__(self, key: str) -> str:
        return ""


def template_values(context: DecisionContext) -> dict[str, Any]:
    """The nested values a template sees: {"behoerde": {"name": …}, "antrag": {…}, …}."""
    values: dict[str, Any] = {"antrag": Answers(context.answers)}
    for variable in VARIABLES:
        *path, last = variable.name.split(".")
        target = values
        for part in path:
            target = target.setdefault(part, {})
        target[last] = variable.value(context)
    return values


def template_names(field_ids: list[str] | tuple[str, ...]) -> list[str]:
    """Every variable name a template of a service with these form fields may use."""
    return [*BASE_NAMES, *(f"{ANSWER_PREFIX}{field_id}" for field_id in field_ids)]
