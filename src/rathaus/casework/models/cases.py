"""Cases (Vorgänge): the back office's record of one submission, its timeline and notes.

A submission stays what the citizen sent; the case beside it holds who works on it, where it
stands and what happened. The applicant's name is sealed; the worklist searches it through a
blind index (HMAC of folded name tokens, `ApplicantToken`), never in clear.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.authorities.models import Authority
from rathaus.casework.models.templates import DecisionOutcome
from rathaus.catalog.models import Service
from rathaus.common.indexes import UpperPrefixIndex


class CaseStatus(models.TextChoices):
    """Where the work on a case stands (the back office's view; the citizen sees steps)."""

    NEW = "new", _("neu")
    IN_PROGRESS = "in_progress", _("in Bearbeitung")
    WAITING = "waiting", _("wartet auf Antwort")
    DECIDED = "decided", _("entschieden")
    CLOSED = "closed", _("abgeschlossen")


# a case still to be worked on (the mine, team and overdue lists show only these)
OPEN = ~Q(status__in=(CaseStatus.DECIDED, CaseStatus.CLOSED))


class Team(models.Model):
    """A group of an authority's staff that shares a worklist."""

    authority = models.ForeignKey(
        Authority, verbose_name=_("Behörde"), on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("Name"), max_length=120)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("Mitglieder"), blank=True, related_name="teams"
    )

    class Meta:
        verbose_name = _("Team")
        verbose_name_plural = _("Teams")
        ordering = ["authority__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="casework_team_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class ServiceDeadline(models.Model):
    """The legal time limit for deciding a service's applications, from receipt."""

    service = models.ForeignKey(
        Service, verbose_name=_("Leistung"), on_delete=models.CASCADE, related_name="deadlines"
    )
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("Behörde"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="service_deadlines",
        help_text=_("Leer: für jede Behörde, die keine eigene Frist hat."),
    )
    days = models.PositiveSmallIntegerField(_("Frist in Tagen"))

    class Meta:
        verbose_name = _("Bearbeitungsfrist")
        verbose_name_plural = _("Bearbeitungsfristen")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "authority"], name="casework_deadline_once_per_authority"
            ),
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(authority__isnull=True),
                name="casework_deadline_once_for_all",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.days}"


class RoutingRule(models.Model):
    """Where new cases of a service go in an authority: a team, a person, or both."""

    authority = models.ForeignKey(
        Authority, verbose_name=_("Behörde"), on_delete=models.CASCADE, related_name="routing_rules"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("Leistung"), on_delete=models.CASCADE, related_name="routing_rules"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("Team"), on_delete=models.CASCADE, null=True, blank=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Bearbeitung durch"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    priority = models.PositiveSmallIntegerField(
        _("Rang"), default=100, help_text=_("Die Regel mit der kleinsten Zahl gilt.")
    )

    class Meta:
        verbose_name = _("Zuweisungsregel")
        verbose_name_plural = _("Zuweisungsregeln")
        ordering = ["authority__name", "priority", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False) | Q(assignee__isnull=False),
                name="casework_rule_routes_somewhere",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} → {self.team or self.assignee}"


class Case(models.Model):
    """The back office's work on one submission (Vorgang)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.OneToOneField(
        "submissions.Submission",
        verbose_name=_("Antrag"),
        on_delete=models.CASCADE,
        related_name="case",
    )
    authority = models.ForeignKey(
        Authority, verbose_name=_("Behörde"), on_delete=models.PROTECT, related_name="cases"
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("Leistung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    reference = models.CharField(_("Aktenzeichen"), max_length=40, unique=True)
    status = models.CharField(
        _("Stand"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Bearbeitung durch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("Team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    received_at = models.DateTimeField(_("eingegangen am"))
    due_at = models.DateTimeField(_("Frist bis"), null=True, blank=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    result = models.CharField(
        _("Ergebnis"), max_length=20, choices=DecisionOutcome.choices, blank=True
    )
    sealed_applicant = models.BinaryField(_("verschlüsselter Name"), blank=True, default=b"")

    class Meta:
        verbose_name = _("Vorgang")
        verbose_name_plural = _("Vorgänge")
        # the worklists: one authority, a tab's condition, newest first by (received_at, id);
        # the tabs that show open cases only (mine, team, overdue) read partial indexes of
        # the open cases, a small part of all (benchmarks/worklist_benchmark.py)
        indexes = [
            models.Index(
                fields=["authority", "status", "-received_at", "-id"], name="case_list_status"
            ),
            models.Index(
                fields=["authority", "assignee", "-received_at", "-id"],
                condition=OPEN,
                name="case_open_assignee",
            ),
            models.Index(
                fields=["authority", "team", "-received_at", "-id"],
                condition=OPEN,
                name="case_open_team",
            ),
            # due_at last: "overdue" is checked in the index, open cases not yet due are
            # passed over without reading their rows
            models.Index(
                fields=["authority", "-received_at", "-id", "due_at"],
                condition=OPEN,
                name="case_open_received",
            ),
            models.Index(
                fields=["authority", "service", "-received_at", "-id"], name="case_list_service"
            ),
            models.Index(fields=["authority", "-received_at", "-id"], name="case_list_all"),
            # Land operators read every authority's cases
            models.Index(fields=["-received_at", "-id"], name="case_list_everyone"),
            UpperPrefixIndex(field="reference", name="case_reference_prefix"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def applicant_context(self) -> str:
        return f"casework.case:{self.pk}:applicant"

    def overdue(self, now: datetime | None = None) -> bool:
        open_ = self.status not in (CaseStatus.DECIDED, CaseStatus.CLOSED)
        moment = now or timezone.now()
        return bool(open_ and self.due_at is not None and self.due_at < moment)


class ApplicantToken(models.Model):
    """One word of a case's applicant name, as a keyed hash (blind index); no clear text.

    It carries a copy of its case's `received_at`, the worklists' sort key, so that the cases
    with a name word can be read newest first from this table's index: a name search then
    costs a page, not every case with that name. The copy is written with the word and
    follows the case's receipt (`services.case_receipt_move`); nothing else changes it.
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="applicant_tokens", verbose_name=_("Vorgang")
    )
    digest = models.CharField(_("Prüfwert"), max_length=64)
    received_at = models.DateTimeField(_("Vorgang eingegangen am"))

    class Meta:
        verbose_name = _("Suchwort (verschlüsselt)")
        verbose_name_plural = _("Suchwörter (verschlüsselt)")
        constraints = [
            models.UniqueConstraint(fields=["case", "digest"], name="casework_token_once")
        ]
        # a word's cases, newest first, from the index alone (the worklists' order)
        indexes = [
            models.Index(fields=["digest", "-received_at", "-case"], name="applicant_token_word")
        ]

    def __str__(self) -> str:
        return self.digest[:12]


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("Vorgang angelegt")
    ROUTED = "routed", _("nach Regel zugewiesen")
    ASSIGNED = "assigned", _("zugewiesen")
    STATUS = "status", _("Stand geändert")
    NOTE = "note", _("Notiz hinzugefügt")
    ANONYMISED = "anonymised", _("personenbezogene Daten gelöscht (Aufbewahrungsfrist)")
    DECIDED = "decided", _("entschieden, Bescheid ins Postfach gesandt")
    REOPENED = "reopened", _("wieder eröffnet")
    QUESTION = "question", _("Rückfrage ins Postfach gesandt")
    ANSWERED = "answered", _("Antwort auf die Rückfrage eingegangen")


class CaseEvent(models.Model):
    """One entry of a case's timeline; append-only, never personal data in `details`."""

    case = models.ForeignKey(
        Case, verbose_name=_("Vorgang"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=CaseEventKind.choices)
    at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("durch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    details = models.JSONField(_("Einzelheiten"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Ereignis")
        verbose_name_plural = _("Ereignisse")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_timeline")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


class CaseNote(models.Model):
    """An internal note on a case; the citizen never sees it. The text is sealed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("Vorgang"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)
    sealed_text = models.BinaryField(_("verschlüsselter Text"))

    class Meta:
        verbose_name = _("Notiz")
        verbose_name_plural = _("Notizen")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"

    @property
    def sealing_context(self) -> str:
        return f"casework.note:{self.case_id}:{self.pk}"
