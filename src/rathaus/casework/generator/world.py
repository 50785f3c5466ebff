"""The setting generated cases live in: authorities, services, deadlines, teams and staff.

Authorities and services are the real ones of the database (the imported register and the
published forms); what a back office needs beside them — deadlines, teams, caseworkers — is
made once and found again on the next run, so a second run adds cases to the same people.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from rathaus.authorities.models import Authority, AuthorityKind, StaffRole
from rathaus.authorities.services import staff_account_create, staff_membership_grant
from rathaus.casework.models import ServiceDeadline, Team
from rathaus.common.reference_template import DEFAULT_TEMPLATE
from rathaus.forms.models import FormVersion, VersionStatus
from rathaus.submissions.submitting import reference_scope

TEAM_NAMES = ("Team Nord", "Team Süd", "Team Ost", "Team West", "Team Mitte", "Team Service")
# deadlines (days) for services that have none yet, in turn: short, usual, long
DEADLINE_DAYS = (30, 14, 60, 90)
# how often a service is applied for, by its place among the generated ones
SERVICE_WEIGHTS = (50, 20, 15, 10, 5)


class WorldMissing(Exception):
    """The database lacks what cases need (authorities, published forms); says what to run."""


@dataclass(frozen=True)
class ServicePlan:
    service_id: int
    form_version_id: int
    weight: int
    deadlines: dict[int | None, int]  # days by authority id; None: for every authority

    def deadline_for(self, authority_id: int) -> int:
        return self.deadlines.get(authority_id, self.deadlines[None])


@dataclass(frozen=True)
class AuthorityPlan:
    authority_id: int
    name: str
    region_id: int | None
    template: str
    scope: str
    weight: int
    teams: tuple[tuple[int, tuple[int, ...]], ...]  # (team id, member user ids)


@dataclass(frozen=True)
class World:
    authorities: tuple[AuthorityPlan, ...]
    services: tuple[ServicePlan, ...]


def authorities_pick(wanted: list[str]) -> list[Authority]:
    """The named authorities (slug, name or id), else the kreisfreie Städte of the register."""
    found = Authority.objects.select_related("region")
    if not wanted:
        chosen = list(found.filter(kind=AuthorityKind.KREISFREIE_STADT).order_by("name"))
        if not chosen:
            raise WorldMissing(
                "Keine kreisfreien Städte im Behördenverzeichnis: erst `rathaus import regions`, "
                "`rathaus import authorities`, oder --authority angeben. / No authorities: "
                "import the register first or name them with --authority."
            )
        return chosen
    chosen = []
    for key in wanted:
        match = Q(slug=key) | Q(name=key) | (Q(pk=int(key)) if key.isdigit() else Q())
        authority = found.filter(match).order_by("pk").first()
        if authority is None:
            raise WorldMissing(f"Behörde {key!r} nicht gefunden. / Authority not found.")
        chosen.append(authority)
    return chosen


def services_pick() -> list[tuple[int, int]]:
    """(service id, form version id): the newest published form version of each service."""
    versions = (
        FormVersion.objects.filter(status=VersionStatus.PUBLISHED, form__service__isnull=False)
        .order_by("form__service_id", "-number", "-pk")
        .values_list("form__service_id", "pk")
    )
    newest: dict[int, int] = {}
    for service_id, version_id in versions:
        newest.setdefault(service_id, version_id)
    if not newest:
        raise WorldMissing(
            "Kein veröffentlichtes Formular mit Leistung: erst ein Formular veröffentlichen "
            "(z. B. `rathaus forms import …`). / No published form with a service."
        )
    return sorted(newest.items())


def _deadlines(service_id: int, turn: int) -> dict[int | None, int]:
    rows = ServiceDeadline.objects.filter(service_id=service_id)
    days: dict[int | None, int] = {row.authority_id: row.days for row in rows}
    if None not in days:
        general = DEADLINE_DAYS[turn % len(DEADLINE_DAYS)]
        ServiceDeadline.objects.create(service_id=service_id, authority=None, days=general)
        days[None] = general
    return days


def _staff(authority: Authority, count: int) -> list[int]:
    """The authority's generated caseworkers: no usable password, no second factor."""
    ids = []
    for number in range(1, count + 1):
        username = f"testdaten-{authority.pk}-{number:03d}"
        user, _new = staff_account_create(
            username=username, email=f"{username}@testdaten.invalid", password=None
        )
        staff_membership_grant(user=user, authority=authority, role=StaffRole.CASEWORKER)
        ids.append(user.pk)
    return ids


def _in_team(number: int, slot: int, count: int) -> bool:
    return number % count == slot or (number % 5 == 4 and (number + 1) % count == slot)


def _teams(
    authority: Authority, staff: list[int], count: int
) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """Teams of the authority; each caseworker in one, every fifth also in the next."""
    teams = []
    for slot, name in enumerate(TEAM_NAMES[:count]):
        team, _new = Team.objects.get_or_create(authority=authority, name=name)
        members = [user for number, user in enumerate(staff) if _in_team(number, slot, count)]
        team.members.add(*members)
        teams.append((team.pk, tuple(members)))
    return tuple(teams)


def world_make(*, authorities: list[Authority], staff: int, teams: int) -> World:
    """Deadlines, caseworkers and teams for these authorities; the services with forms."""
    services = tuple(
        ServicePlan(
            service_id=service_id,
            form_version_id=version_id,
            weight=SERVICE_WEIGHTS[turn] if turn < len(SERVICE_WEIGHTS) else 3,
            deadlines=_deadlines(service_id, turn),
        )
        for turn, (service_id, version_id) in enumerate(services_pick())
    )
    plans = []
    for authority in authorities:
        people = _staff(authority, staff)
        population = authority.region.population if authority.region else None
        plans.append(
            AuthorityPlan(
                authority_id=authority.pk,
                name=authority.name,
                region_id=authority.region_id,
                template=authority.reference_template or DEFAULT_TEMPLATE,
                scope=reference_scope(authority),
                weight=max(int(population or 0), 1),
                teams=_teams(authority, people, teams),
            )
        )
    return World(authorities=tuple(plans), services=services)
