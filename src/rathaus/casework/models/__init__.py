"""The back office's records; one module per subject, re-exported here."""

from rathaus.casework.models.cases import (
    ApplicantToken,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseNote,
    CaseStatus,
    RoutingRule,
    ServiceDeadline,
    Team,
)
from rathaus.casework.models.templates import DecisionOutcome, DecisionTemplate

__all__ = [
    "ApplicantToken",
    "Case",
    "CaseEvent",
    "CaseEventKind",
    "CaseNote",
    "CaseStatus",
    "DecisionOutcome",
    "DecisionTemplate",
    "RoutingRule",
    "ServiceDeadline",
    "Team",
]
