"""Cases as the running system makes them: a Hundesteuer application sent to an authority."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rathaus.authorities.models import Authority, StaffRole
from rathaus.casework.models import Case
from rathaus.casework.services import case_receipt_move
from rathaus.forms.models import FormVersion
from rathaus.submissions.models import Submission
from rathaus.submissions.owners import Owner
from rathaus.submissions.services import draft_start
from rathaus.submissions.submitting import submission_create
from tests.authorities.conftest import staff_member
from tests.casework.conftest import ANSWERS, HUNDESTEUER


def send(authority: Authority, given: str = "Erika", family: str = "Neumann") -> Submission:
    """A Hundesteuer application by a fictitious person, sent to the authority."""
    version = FormVersion.objects.get(form__service__leika_key=HUNDESTEUER, status="published")
    draft = draft_start(form_version=version, owner=Owner.anonymous(Owner.new_anonymous_token()))
    data: dict[str, Any] = {**ANSWERS, "vorname": given, "familienname": family}
    sent, _new = submission_create(
        draft=draft, data=data, authority=authority, municipality=authority.region
    )
    return sent


def case_of(submission: Submission) -> Case:
    return Case.objects.get(submission=submission)


def received(case: Case, at: datetime) -> Case:
    """Move a case's receipt to another moment (for ordering and filters)."""
    case_receipt_move(case=case, received_at=at, due_at=case.due_at)
    case.refresh_from_db()
    return case


def worker(username: str, authority: Authority, role: str = StaffRole.CASEWORKER) -> Any:
    return staff_member(username, authority, role)
