"""Writes of decision templates: each is checked in full before anything is stored."""

from __future__ import annotations

from django.db import transaction

from rathaus.authorities.models import Authority
from rathaus.casework.models import DecisionTemplate
from rathaus.catalog.models import Service


def decision_template_create(
    *,
    service: Service,
    name: str,
    outcome: str,
    body: str,
    legal_remedy: str,
    authority: Authority | None = None,
    active: bool = True,
) -> DecisionTemplate:
    """Store a new template; ValidationError (line and reason) if its text is not usable."""
    template = DecisionTemplate(
        service=service,
        authority=authority,
        name=name,
        outcome=outcome,
        body=body,
        legal_remedy=legal_remedy,
        active=active,
    )
    return decision_template_save(template=template)


def decision_template_update(
    *,
    template: DecisionTemplate,
    name: str | None = None,
    outcome: str | None = None,
    body: str | None = None,
    legal_remedy: str | None = None,
    active: bool | None = None,
) -> DecisionTemplate:
    """Change the given parts; on ValidationError the stored template stays as it was."""
    changes = {
        "name": name,
        "outcome": outcome,
        "body": body,
        "legal_remedy": legal_remedy,
        "active": active,
    }
    for attribute, value in changes.items():
        if value is not None:
            setattr(template, attribute, value)
    return decision_template_save(template=template)


@transaction.atomic
def decision_template_save(*, template: DecisionTemplate) -> DecisionTemplate:
    """Check the whole template (fields, variables, syntax), then store it."""
    template.full_clean()
    template.save()
    return template
