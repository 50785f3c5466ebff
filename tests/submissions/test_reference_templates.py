"""Reference number templates per authority: checked when set, unique when used."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from rathaus.authorities.models import Authority
from rathaus.common.reference_template import counter_key, template_check
from rathaus.submissions.submitting import reference_next
from tests.submissions.journey import send

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "template",
    [
        "KS/{year}/{number}",
        "HE-{scope}-{year}-{number:06d}",
        "SPM {year}.{number:5d}",
    ],
)
def test_good_templates_pass(template: str) -> None:
    template_check(template)


@pytest.mark.parametrize(
    "template",
    [
        "KS-{number}",  # no year: numbers would repeat every year
        "KS-{year}",  # no number
        "{year}-{number}-{number}",
        "{year}-{number}-{name}",  # unknown placeholder
        "{year}-{number!r}-<b>",  # markup
        "{year}-{number:>20}",  # odd format
        "{year}-{number",  # unreadable
        "X" * 35 + "-{year}-{number}",  # too long once rendered
    ],
)
def test_bad_templates_are_refused_with_a_reason(template: str) -> None:
    with pytest.raises(ValidationError) as refused:
        template_check(template)
    assert "/" in refused.value.messages[0]  # German / English


def test_an_authority_with_its_own_template_numbers_in_it(client: Client) -> None:
    kassel = Authority.objects.get(name="Stadtverwaltung Kassel")
    kassel.reference_template = "KS-SPM/{year}/{number:04d}"
    kassel.full_clean()
    kassel.save()
    first, second = send(client), send(Client())
    year = first.submitted_at.year
    assert first.reference == f"KS-SPM/{year}/0001"
    assert second.reference == f"KS-SPM/{year}/0002"


def test_templates_that_render_alike_share_one_counter() -> None:
    template = "A-{year}-{number}"
    assert counter_key(template, scope="06611", year=2099) == counter_key(
        template, scope="06411", year=2099
    )
    drawn = {reference_next(scope=s, year=2099, template=template) for s in ("06611", "06411")}
    assert drawn == {"A-2099-1", "A-2099-2"}
