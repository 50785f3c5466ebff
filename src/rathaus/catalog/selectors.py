"""Reads of the catalogue and the Zuständigkeitsfinder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from rathaus.authorities.models import Authority, AuthorityKind, AuthorityLevel
from rathaus.authorities.selectors import authorities_for_regions
from rathaus.catalog.models import (
    LifeSituation,
    Offering,
    OnlineStatus,
    ResponsibilityRule,
    Service,
    Topic,
)
from rathaus.catalog.responsibility import CompiledRule, ServiceFacts, compile_rule, first_matching
from rathaus.common.process_cache import ProcessCache
from rathaus.territory.models import Region
from rathaus.territory.selectors import region_chain

# what every responsibility look-up reads and hardly ever changes (common/process_cache.py)
_RULES: ProcessCache[list[CompiledRule]] = ProcessCache("catalog.ResponsibilityRule", maxsize=1)
_PLACES: ProcessCache[tuple[list[Region], list[Authority]]] = ProcessCache(
    "territory.Region", "authorities.Authority", maxsize=512
)


def topics_with_life_situations() -> QuerySet[Topic]:
    """Themenfelder with their Lebenslagen that have services, for the start page."""
    situations = (
        LifeSituation.objects.annotate(service_count=Count("ozg_services__services"))
        .filter(service_count__gt=0)
        .order_by("name")
    )
    return Topic.objects.prefetch_related(
        Prefetch("life_situations", queryset=situations, to_attr="listed")
    ).order_by("name")


def services_base() -> QuerySet[Service]:
    """Services with what every listing shows."""
    return Service.objects.select_related("ozg_service__life_situation__topic")


def service_by_slug(*, slug: str) -> Service | None:
    """The service with this slug (its LeiKa key where it has one), or None."""
    return services_base().filter(slug=slug).first()


def services_for_life_situation(*, situation: LifeSituation) -> QuerySet[Service]:
    """The services of a Lebenslage, grouped by OZG service."""
    return (
        services_base()
        .filter(ozg_service__life_situation=situation)
        .order_by("ozg_service__name", "name")
    )


def services_for_topic(*, topic: Topic | None) -> QuerySet[Service]:
    """All services by name, optionally of one Themenfeld."""
    services = services_base().order_by("name")
    if topic is not None:
        services = services.filter(ozg_service__life_situation__topic=topic)
    return services


@dataclass(frozen=True)
class Responsibility:
    """Who handles a service for a municipality, and how far it is online."""

    service: Service
    municipality: Region
    level: str
    authority: Authority | None
    rule_name: str
    online_status: str
    maturity_v1: int
    maturity_v2: int
    application_url: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def is_online(self) -> bool:
        return self.online_status == OnlineStatus.ONLINE


class Finder:
    """Resolves responsibility for one municipality and many services with few queries."""

    def __init__(self, *, municipality: Region) -> None:
        self.municipality = municipality
        self.chain, self.authorities = _PLACES.get(municipality.pk, lambda: _place(municipality))
        self.rules = _RULES.get("active", lambda: [compile_rule(r) for r in active_rules()])
        self._authority_by_id = {a.pk: a for a in self.authorities}

    def resolve(self, services: Sequence[Service]) -> list[Responsibility]:
        """Responsibility for each service, in the given order."""
        offerings = self._offerings([s.pk for s in services])
        return [self._resolve_one(s, offerings.get(s.pk, [])) for s in services]

    def _offerings(self, service_ids: list[int]) -> dict[int, list[Offering]]:
        depth = {region.pk: index for index, region in enumerate(self.chain)}
        rows = Offering.objects.filter(
            service_id__in=service_ids, region__in=self.chain
        ).select_related("authority")
        grouped: dict[int, list[Offering]] = {}
        for row in sorted(rows, key=lambda o: -depth[o.region_id]):
            grouped.setdefault(row.service_id, []).append(row)
        return grouped

    def _resolve_one(self, service: Service, offerings: list[Offering]) -> Responsibility:
        topic = service.ozg_service.life_situation.topic.name if service.ozg_service else ""
        facts = ServiceFacts.of(
            leika_key=service.leika_key,
            name=service.name,
            typisierung=service.typisierung,
            topic=topic,
        )
        rule = first_matching(self.rules, facts)
        level = rule.level if rule else AuthorityLevel.KREIS
        values: dict[str, object] = {
            "authority": self._authority_for(rule, level, topic),
            "online_status": rule.online_status if rule else OnlineStatus.OFFLINE,
            "maturity_v1": rule.maturity_v1 if rule else 0,
            "maturity_v2": rule.maturity_v2 if rule else 0,
            "application_url": "",
        }
        notes = []
        for offering in offerings:  # general to specific: the nearest place wins
            _apply_offering(values, offering)
            if offering.note:
                notes.append(offering.note)
        return Responsibility(
            service=service,
            municipality=self.municipality,
            level=level,
            rule_name=rule.name if rule else "",
            notes=tuple(notes),
            **values,  # type: ignore[arg-type]
        )

    def _authority_for(self, rule: CompiledRule | None, level: str, topic: str) -> Authority | None:
        if rule and rule.authority_id in self._authority_by_id:
            return self._authority_by_id[rule.authority_id]
        if level == AuthorityLevel.LAND:
            ministries = [a for a in self.authorities if a.kind == AuthorityKind.MINISTERIUM]
            chosen = [m for m in ministries if topic and topic in m.topics.split(";")]
            candidates = chosen or ministries
            return candidates[0] if candidates else None
        if level == AuthorityLevel.BUND:
            federal = [a for a in self.authorities if a.kind == AuthorityKind.BUNDESBEHOERDE]
            return federal[0] if federal else None
        for region in self.chain:
            for authority in self.authorities:
                if authority.region_id == region.pk and level in authority.levels:
                    return authority
        return None


def _place(municipality: Region) -> tuple[list[Region], list[Authority]]:
    """The municipality's chain of regions up to the Land and the authorities seated there."""
    chain = region_chain(region=municipality)
    return chain, authorities_for_regions(regions=chain)


def _apply_offering(values: dict[str, object], offering: Offering) -> None:
    if offering.authority is not None:
        values["authority"] = offering.authority
    if offering.online_status:
        values["online_status"] = offering.online_status
    if offering.maturity_v1 is not None:
        values["maturity_v1"] = offering.maturity_v1
    if offering.maturity_v2 is not None:
        values["maturity_v2"] = offering.maturity_v2
    if offering.application_url:
        values["application_url"] = offering.application_url


def active_rules() -> QuerySet[ResponsibilityRule]:
    """The rules in the order they are tried."""
    return ResponsibilityRule.objects.filter(is_active=True).order_by("priority", "name")


def responsibility_for(*, service: Service, municipality: Region) -> Responsibility:
    """Who is responsible for this service at this municipality."""
    return Finder(municipality=municipality).resolve([service])[0]


def online_responsibilities(*, municipality: Region, topic: Topic | None) -> list[Responsibility]:
    """Every service that can be applied for online at this municipality, by name."""
    finder = Finder(municipality=municipality)
    return [row for row in finder.resolve(list(services_for_topic(topic=topic))) if row.is_online]
