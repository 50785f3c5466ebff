"""Writes to stored forms: create drafts, publish, attach to a service."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from rathaus.catalog.models import Service
from rathaus.forms.checks import publish_problems
from rathaus.forms.definition import FormDef
from rathaus.forms.models import Form, FormVersion, VersionStatus


class PublishRefused(Exception):
    """A version cannot be published (or changed); `problems` says why, in German."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@transaction.atomic
def form_version_create(
    *,
    definition: FormDef,
    source_name: str = "",
    report: dict[str, object] | None = None,
    service: Service | None = None,
) -> FormVersion:
    """Store a definition as the next draft version of its form (created on first use)."""
    form, _ = Form.objects.select_for_update().get_or_create(
        key=definition.id, defaults={"title": definition.title.de, "service": service}
    )
    if service is not None and form.service_id != service.pk:
        form.service = service
        form.save(update_fields=["service"])
    latest = form.versions.aggregate(latest=Max("number"))["latest"] or 0
    return FormVersion.objects.create(
        form=form,
        number=latest + 1,
        definition=definition.model_dump(mode="json"),
        source=definition.source,
        source_name=source_name,
        report=report or {},
    )


def form_version_update(*, version: FormVersion, definition: FormDef) -> FormVersion:
    """Replace a draft's definition; a published version never changes."""
    with transaction.atomic():
        locked = FormVersion.objects.select_for_update().get(pk=version.pk)
        if locked.status != VersionStatus.DRAFT:
            raise PublishRefused(
                [
                    "Eine veröffentlichte Version wird nie geändert; legen Sie eine neue an. / "
                    "A published version never changes; create a new one."
                ]
            )
        locked.definition = definition.model_dump(mode="json")
        locked.save(update_fields=["definition"])
    return locked


def form_version_publish(*, version: FormVersion) -> FormVersion:
    """Publish a draft after checking code lists and rules; then it is frozen."""
    with transaction.atomic():
        locked = FormVersion.objects.select_for_update().get(pk=version.pk)
        if locked.status != VersionStatus.DRAFT:
            raise PublishRefused(
                ["Nur Entwürfe können veröffentlicht werden. / Only drafts can be published."]
            )
        problems = publish_problems(FormDef.model_validate(locked.definition))
        if problems:
            raise PublishRefused(problems)
        locked.status = VersionStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
    return locked
