"""The generated cases themselves, oldest first: receipt, status, people, reference.

A case's status follows its age against the service's deadline, as in a back office that
keeps up: fresh cases are new or in progress, cases past their deadline mostly decided, old
ones closed — with a few stragglers left open, which the overdue list then shows. Reference
numbers count up per counter and year in order of receipt, as the real counter hands them out.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate

from rathaus.casework.generator.names import applicant_draw
from rathaus.casework.generator.world import AuthorityPlan, ServicePlan, World
from rathaus.casework.models import CaseStatus, DecisionOutcome
from rathaus.common.reference_template import counter_key, reference_render

STATUSES = (
    CaseStatus.NEW,
    CaseStatus.IN_PROGRESS,
    CaseStatus.WAITING,
    CaseStatus.DECIDED,
    CaseStatus.CLOSED,
)
# weights of STATUSES by age: under a week, within the deadline, up to 60 days late, older
FRESH = (55, 35, 10, 0, 0)
RUNNING = (10, 50, 20, 12, 8)
LATE = (2, 10, 5, 23, 60)
OLD = (0.2, 0.5, 0.3, 2, 97)
RESULTS = (DecisionOutcome.APPROVED, DecisionOutcome.REJECTED, DecisionOutcome.PARTLY_APPROVED)
RESULT_WEIGHTS = (80, 14, 6)
# receipts grow towards today (more online applications each year): age = span × u^1.3
RECENT_BIAS = 1.3


@dataclass(frozen=True)
class CaseRow:
    case_id: uuid.UUID
    submission_id: uuid.UUID
    authority: AuthorityPlan
    service: ServicePlan
    reference: str
    received_at: datetime
    due_at: datetime
    status: str
    status_at: datetime | None  # when it left "new" (for the timeline), None while new
    assignee_id: int | None
    team_id: int | None
    result: str
    given: str
    family: str

    @property
    def applicant(self) -> str:
        return f"{self.given} {self.family}"


class Counters:
    """Reference numbers per counter and year, continuing from the database's counters."""

    def __init__(self, last: dict[tuple[str, int], int]) -> None:
        self.last = dict(last)

    def reference(self, authority: AuthorityPlan, year: int) -> str:
        key = (counter_key(authority.template, scope=authority.scope, year=year), year)
        self.last[key] += 1
        return reference_render(
            authority.template, scope=authority.scope, year=year, number=self.last[key]
        )


def _status(rng: random.Random, age_days: float, deadline: int) -> str:
    weights: tuple[float, ...]
    if age_days < 7:
        weights = FRESH
    elif age_days < deadline:
        weights = RUNNING
    elif age_days < deadline + 60:
        weights = LATE
    else:
        weights = OLD
    return rng.choices(STATUSES, weights=weights)[0]


def _people(
    rng: random.Random, status: str, team: tuple[int, tuple[int, ...]] | None
) -> tuple[int | None, int | None]:
    """(assignee, team): new cases mostly wait in a team's list; others have a person."""
    if team is None:
        return None, None
    team_id, members = team
    person = rng.choice(members) if members else None
    if status != CaseStatus.NEW:
        return person, team_id
    draw = rng.random()
    if draw < 0.6:
        return None, team_id
    return (person, team_id) if draw < 0.8 else (None, None)


class Synthesis:
    """Draws cases for a world; `rows` yields them oldest first."""

    def __init__(self, world: World, rng: random.Random, counters: Counters) -> None:
        self.world, self.rng, self.counters = world, rng, counters
        self._authority_weights = list(accumulate(a.weight for a in world.authorities))
        self._service_weights = list(accumulate(s.weight for s in world.services))

    def rows(self, count: int, *, now: datetime, years: float) -> Iterator[CaseRow]:
        span = years * 365.25 * 86400
        ages = sorted((span * self.rng.random() ** RECENT_BIAS for _ in range(count)), reverse=True)
        for age in ages:
            yield self.row(now - timedelta(seconds=age), age / 86400)

    def row(self, received: datetime, age_days: float) -> CaseRow:
        rng, world = self.rng, self.world
        authority = rng.choices(world.authorities, cum_weights=self._authority_weights)[0]
        slot = rng.choices(range(len(world.services)), cum_weights=self._service_weights)[0]
        service = world.services[slot]
        deadline = service.deadline_for(authority.authority_id)
        status = _status(rng, age_days, deadline)
        team = authority.teams[slot % len(authority.teams)] if authority.teams else None
        assignee, team_id = _people(rng, status, team)
        worked = min(age_days, deadline * 1.3)
        given, family = applicant_draw(rng)
        return CaseRow(
            case_id=uuid.uuid4(),
            submission_id=uuid.uuid4(),
            authority=authority,
            service=service,
            reference=self.counters.reference(authority, received.year),
            received_at=received,
            due_at=received + timedelta(days=deadline),
            status=status,
            status_at=None
            if status == CaseStatus.NEW
            else received + timedelta(days=rng.uniform(0.01, worked)),
            assignee_id=assignee,
            team_id=team_id,
            result=rng.choices(RESULTS, weights=RESULT_WEIGHTS)[0]
            if status in (CaseStatus.DECIDED, CaseStatus.CLOSED)
            else "",
            given=given,
            family=family,
        )
