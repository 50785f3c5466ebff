"""The application's answers as a decision reads them: text by field id, and who applied.

Pure: a form definition and the decrypted Fachdaten in, text out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rathaus.forms.definition import FieldDef, FormDef, GroupDef, PrefillAttribute
from rathaus.forms.web.summary import answer_text

# Which fields hold the applicant's name and address: told by the once-only attribute a
# field is filled from, else by its HTML autocomplete token, so any form with these works.
PREFILL_ROLES = {
    PrefillAttribute.TITLE: "title",
    PrefillAttribute.GIVEN_NAME: "given",
    PrefillAttribute.SURNAME: "family",
    PrefillAttribute.STREET_AND_NUMBER: "street_and_number",
    PrefillAttribute.STREET: "street",
    PrefillAttribute.HOUSE_NUMBER: "house_number",
    PrefillAttribute.POSTAL_CODE: "postcode",
    PrefillAttribute.LOCALITY: "town",
}
AUTOCOMPLETE_ROLES = {
    "name": "full_name",
    "honorific-prefix": "title",
    "given-name": "given",
    "family-name": "family",
    "street-address": "street_and_number",
    "address-line1": "street_and_number",
    "postal-code": "postcode",
    "address-level2": "town",
}


def answers_text(form: FormDef, data: dict[str, Any]) -> dict[str, str]:
    """Every answered field by id as readable German text (repeated answers joined by "; ")."""
    found: dict[str, list[str]] = {}
    for field, value in _answered(form, data):
        found.setdefault(field.id, []).append(answer_text(field, value, "de"))
    return {field_id: "; ".join(texts) for field_id, texts in found.items()}


def applicant_of(form: FormDef, data: dict[str, Any]) -> tuple[str, str]:
    """The applicant's name and postal address (one line each) as far as the form asks."""
    roles: dict[str, str] = {}
    for field, value in _answered(form, data):
        role = _role(field)
        if role and role not in roles and isinstance(value, str | int):
            roles[role] = str(value).strip()
    given_and_family = " ".join(filter(None, (roles.get("given"), roles.get("family"))))
    name = " ".join(filter(None, (roles.get("title"), roles.get("full_name") or given_and_family)))
    street = roles.get("street_and_number") or " ".join(
        filter(None, (roles.get("street"), roles.get("house_number")))
    )
    town = " ".join(filter(None, (roles.get("postcode"), roles.get("town"))))
    return name, "\n".join(filter(None, (street, town)))


def _role(field: FieldDef) -> str | None:
    if field.prefill is not None and field.prefill in PREFILL_ROLES:
        return PREFILL_ROLES[field.prefill]
    tokens = (field.autocomplete or "").split()
    return AUTOCOMPLETE_ROLES.get(tokens[-1]) if tokens else None


def _answered(form: FormDef, data: dict[str, Any]) -> Iterator[tuple[FieldDef, Any]]:
    """Every answered input field with its value, through groups and repeated items."""

    def walk(
        elements: tuple[FieldDef | GroupDef, ...], values: dict[str, Any]
    ) -> Iterator[tuple[FieldDef, Any]]:
        for element in elements:
            value = values.get(element.id)
            if value is None or value == "" or value == []:
                continue
            if isinstance(element, GroupDef):
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, dict):
                        yield from walk(element.children, item)
            elif element.is_input:
                yield element, value

    for page in form.pages:
        yield from walk(page.elements, data)
