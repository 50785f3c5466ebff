"""The steps of an application and where it stands: the status monitor's rules.

A service's steps come from its `StepSequence` (edited in the admin), else from the default
sequence below. Where an application stands is the further along of two facts: the step its
`SubmissionStatus` implies (received, delivered, processing, closed → decided) and the last
step recorded for it (`StatusChange`: a question sent, answered, a decision, or anything the
back office sets with `submission_step_set`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rathaus.mailbox.models import StatusChange, Step, StepSequence
from rathaus.submissions.models import Submission, SubmissionStatus


@dataclass(frozen=True)
class StepDef:
    """One step as the rules use it, whatever its source (default or admin)."""

    key: str
    label: str | Promise
    optional: bool = False


DEFAULT_STEPS: tuple[StepDef, ...] = (
    StepDef("received", _("Eingegangen")),
    StepDef("delivered", _("An die Behörde übermittelt")),
    StepDef("processing", _("In Bearbeitung")),
    StepDef("question", _("Rückfrage"), optional=True),
    StepDef("decided", _("Entschieden")),
)
# the steps a SubmissionStatus implies, in the default order (used as a fallback chain)
_IMPLIED = ["received", "delivered", "processing", "decided"]
_FROM_STATUS = {
    SubmissionStatus.RECEIVED: "received",
    SubmissionStatus.DELIVERED: "delivered",
    SubmissionStatus.PROCESSING: "processing",
    SubmissionStatus.CLOSED: "decided",
}

StepState = Literal["done", "current", "open"]


@dataclass(frozen=True)
class StepView:
    """A step as the page shows it."""

    key: str
    label: str
    state: StepState


def sequence_steps(sequence: StepSequence | None) -> tuple[StepDef, ...]:
    """The steps of a sequence in order, labelled in the current language; default if none."""
    if sequence is None:
        return DEFAULT_STEPS
    english = (get_language() or "de").startswith("en")
    rows: Sequence[Step] = sorted(sequence.steps.all(), key=lambda step: step.position)
    return (
        tuple(
            StepDef(
                row.key, (row.label_en if english else row.label_de) or row.label_de, row.optional
            )
            for row in rows
        )
        or DEFAULT_STEPS
    )


def sequence_for(submission: Submission) -> StepSequence | None:
    """The step sequence of the submission's service, if it has its own."""
    service_id = submission.form_version.form.service_id
    if service_id is None:
        return None
    return StepSequence.objects.filter(service_id=service_id).prefetch_related("steps").first()


def step_keys(*, submission: Submission) -> set[str]:
    """The keys of the steps the submission's service defines."""
    return {step.key for step in sequence_steps(sequence_for(submission))}


def steps_view(
    steps: tuple[StepDef, ...], status: str, history: Sequence[StatusChange]
) -> list[StepView]:
    """Every step with its state; optional steps only once reached, and done once left."""
    position = {step.key: index for index, step in enumerate(steps)}
    implied = _implied_step(status, position)
    last = history[-1].step_key if history else None
    candidates = [key for key in (implied, last) if key in position]
    current = max(candidates, key=position.__getitem__) if candidates else steps[0].key
    reached = {change.step_key for change in history}
    views = []
    for step in steps:
        if position[step.key] < position[current]:
            state: StepState = "done"
        elif step.key == current:
            state = "current"
        else:
            state = "open"
        if step.optional and state != "current":
            if step.key not in reached:
                continue  # a question that was never asked is no step of this application
            state = "done"  # an answered question stays done when the work goes on
        views.append(StepView(step.key, str(step.label), state))
    return views


def _implied_step(status: str, position: dict[str, int]) -> str | None:
    """The step a SubmissionStatus implies, or the nearest earlier one the sequence has."""
    key = _FROM_STATUS.get(SubmissionStatus(status), "received")
    for candidate in reversed(_IMPLIED[: _IMPLIED.index(key) + 1]):
        if candidate in position:
            return candidate
    return None
