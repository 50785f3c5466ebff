"""The back office's records; one module per subject, re-exported here."""

from rathaus.casework.models.templates import DecisionOutcome, DecisionTemplate

__all__ = ["DecisionOutcome", "DecisionTemplate"]
