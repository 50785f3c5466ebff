"""Reads of stored forms."""

from __future__ import annotations

from functools import lru_cache

from rathaus.forms.definition import FormDef
from rathaus.forms.models import Form, FormVersion, VersionStatus


def published_version(*, form: Form) -> FormVersion | None:
    """The newest published version of a form, or None (its definition is loaded when first
    used: pages read the cached, parsed one through `version_definition`)."""
    return (
        form.versions.filter(status=VersionStatus.PUBLISHED)
        .defer("definition", "report")
        .order_by("-number")
        .first()
    )


def version_definition(*, version: FormVersion) -> FormDef:
    """The definition of a version; parsed once per published version and process."""
    if version.is_published:
        return _published_definition(version.pk)
    return FormDef.model_validate(version.definition)


@lru_cache(maxsize=256)
def _published_definition(version_id: int) -> FormDef:
    # safe to cache: a published version's definition never changes
    return FormDef.model_validate(FormVersion.objects.get(pk=version_id).definition)
