"""Once-only: what a BundID login knows about a person, and which form fields it answers.

BundID sends the street with the house number in one attribute and the birth date as one
value; FIM forms ask for them in parts. `citizen_attributes` derives every part; `FIM_FIELDS`
says which harmonised FIM data field (Baukasten "60" and the older "00" fields) each part
fills. A FIM id is compared without its length: xdf2 writes F60000227, xdf3 F60000000227.
A field of our own format names its attribute in `prefill`.

Many FIM forms ask for several people (applicant, representative, contact); a login speaks
only for the applicant, taken to be the group holding the first name field. Nothing is filled
before the person has seen the values and agreed (`prefill_plan` is what they are shown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rathaus.forms.definition import DataType, FieldDef, FormDef, GroupDef, Text
from rathaus.forms.definition import PrefillAttribute as A
from rathaus.identity.models import Citizen

# normalised FIM field id (see fim_key) → the attribute it asks for
FIM_FIELDS: dict[str, A] = {
    "F60-227": A.SURNAME,
    "F00-13": A.SURNAME,
    "F60-228": A.GIVEN_NAME,
    "F00-154": A.GIVEN_NAME,
    "F00-45": A.GIVEN_NAME,
    "F00-14": A.BIRTH_NAME,
    "F60-229": A.TITLE,
    "F00-43": A.TITLE,
    "F00-66": A.BIRTHDATE,
    "F00-67": A.PLACE_OF_BIRTH,
    "F60-242": A.EMAIL,
    "F00-71": A.EMAIL,
    "F60-243": A.STREET,
    "F00-53": A.STREET,
    "F60-244": A.HOUSE_NUMBER,
    "F00-16": A.HOUSE_NUMBER,
    "F60-246": A.POSTAL_CODE,
    "F00-54": A.POSTAL_CODE,
    "F60-247": A.LOCALITY,
    "F00-35": A.LOCALITY,
}
# day, month and year fields count only inside the harmonised "Geburtsdatum" group
BIRTHDATE_GROUP = "G60-83"
BIRTHDATE_PARTS: dict[str, A] = {
    "F60-231": A.BIRTH_DAY,
    "F60-232": A.BIRTH_MONTH,
    "F60-233": A.BIRTH_YEAR,
}
# select fields whose code list values differ from the attribute's: value → code
FIM_CHOICES: dict[str, dict[str, str]] = {
    "F60-263": {"DE": "001"},  # Wo befindet sich die Anschrift? 001: in Deutschland
}
FIM_FIELDS["F60-263"] = A.COUNTRY
_NAMES = {A.SURNAME, A.GIVEN_NAME}
_FIM_ID = re.compile(r"([FG])(\d{2})(\d+)")
_HOUSE_NUMBER = re.compile(
    r"^(?P<street>.*\D)\s+(?P<number>\d+\s?[a-zA-Z]?(?:\s?[-/]\s?\d+\s?[a-zA-Z]?)?)$"
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def fim_key(fim_id: str) -> str:
    """A FIM element id in a form both schema versions share ("F60000000227" → "F60-227")."""
    match = _FIM_ID.fullmatch(fim_id.strip().upper())
    if match is None:
        return ""
    kind, circle, number = match.groups()
    return f"{kind}{circle}-{int(number)}"


def citizen_attributes(citizen: Citizen) -> dict[A, str]:
    """Every attribute the person's last login gave, in the parts forms ask for (no blanks)."""
    values: dict[A, str] = {
        A.GIVEN_NAME: citizen.given_name,
        A.SURNAME: citizen.surname,
        A.BIRTH_NAME: citizen.birth_name,
        A.TITLE: citizen.personal_title,
        A.PLACE_OF_BIRTH: citizen.place_of_birth,
        A.EMAIL: citizen.email,
        A.STREET_AND_NUMBER: citizen.postal_address,
        A.POSTAL_CODE: citizen.postal_code,
        A.LOCALITY: citizen.locality,
        A.COUNTRY: citizen.country.upper(),
    }
    street = _HOUSE_NUMBER.match(citizen.postal_address.strip())
    if street:
        values[A.STREET] = street["street"].strip().rstrip(",")
        values[A.HOUSE_NUMBER] = street["number"].replace(" ", "")
    birthdate = _ISO_DATE.fullmatch(citizen.birthdate.strip())
    if birthdate:
        year, month, day = birthdate.groups()
        values[A.BIRTHDATE] = birthdate.group(0)
        values.update({A.BIRTH_YEAR: year, A.BIRTH_MONTH: month, A.BIRTH_DAY: day})
    return {key: value.strip() for key, value in values.items() if value and value.strip()}


@dataclass(frozen=True)
class PrefillItem:
    """One answer a login would give: where, the field's label, the value, from what."""

    path: tuple[str, ...]
    label: Text
    value: Any
    shown: Text  # the value as the person reads it (a choice's label, not its code)
    attribute: A


@dataclass(frozen=True)
class _Candidate:
    path: tuple[str, ...]
    field: FieldDef
    attribute: A
    explicit: bool


def prefill_plan(form: FormDef, values: dict[A, str]) -> list[PrefillItem]:
    """The answers the person's login data would fill in, in form order."""
    candidates = _candidates(form)
    chosen = [c for c in candidates if c.explicit] + _applicant_fields(candidates)
    items = []
    for candidate in chosen:
        value = _typed(candidate, values.get(candidate.attribute))
        if value is not None:
            field = candidate.field
            shown = next((c.label for c in field.choices if c.value == value), _shown(value))
            items.append(
                PrefillItem(candidate.path, field.label, value, shown, candidate.attribute)
            )
    return items


def prefill_apply(answers: dict[str, Any], plan: list[PrefillItem]) -> dict[str, Any]:
    """`answers` with the plan filled in where nothing is answered yet (nothing overwritten)."""
    result: dict[str, Any] = dict(answers)
    for item in plan:
        container = result
        for key in item.path[:-1]:
            inner = container.get(key)
            inner = dict(inner) if isinstance(inner, dict) else {}
            container[key] = inner
            container = inner
        if container.get(item.path[-1]) in (None, "", []):
            container[item.path[-1]] = item.value
    return result


def _candidates(form: FormDef) -> list[_Candidate]:
    found: list[_Candidate] = []

    def walk(elements: tuple[FieldDef | GroupDef, ...], path: tuple[str, ...], group: str) -> None:
        for element in elements:
            if element.is_repeated:  # which instance would be the applicant's is unknowable
                continue
            key = fim_key(element.fim.id) if element.fim else ""
            if isinstance(element, GroupDef):
                walk(element.children, (*path, element.id), key)
                continue
            attribute = element.prefill or FIM_FIELDS.get(key)
            if attribute is None and group == BIRTHDATE_GROUP:
                attribute = BIRTHDATE_PARTS.get(key)
            if attribute is not None:
                found.append(
                    _Candidate((*path, element.id), element, attribute, bool(element.prefill))
                )

    for page in form.pages:
        walk(page.elements, (), "")
    return found


def _applicant_fields(candidates: list[_Candidate]) -> list[_Candidate]:
    """The FIM fields in the applicant's group (the one around the first name field), each
    attribute once: a second address block in it is a postal or a business address."""
    by_fim = [c for c in candidates if not c.explicit]
    first_name = next((c for c in by_fim if c.attribute in _NAMES), None)
    if first_name is None:
        return []
    scope = first_name.path[:-1]
    chosen: dict[A, _Candidate] = {}
    for candidate in by_fim:
        if candidate.path[: len(scope)] == scope:
            chosen.setdefault(candidate.attribute, candidate)
    return list(chosen.values())


def _typed(candidate: _Candidate, value: str | None) -> Any:
    """The value as the field stores it, or None when it does not fit the field's type."""
    field = candidate.field
    if not value:
        return None
    if field.type == DataType.INTEGER:
        return int(value) if value.isdigit() else None
    if field.type == DataType.SELECT:
        key = fim_key(field.fim.id) if field.fim else ""
        code = FIM_CHOICES.get(key, {}).get(value, value)
        return code if code in {choice.value for choice in field.choices} else None
    if field.type in {DataType.TEXT, DataType.MULTILINE, DataType.DATE}:
        return value
    return None


def _shown(value: Any) -> Text:
    """A value as people read it: dates the German way (1964-08-12 → 12.08.1964)."""
    date = _ISO_DATE.fullmatch(value) if isinstance(value, str) else None
    return Text(de=f"{date[3]}.{date[2]}.{date[1]}" if date else str(value))
