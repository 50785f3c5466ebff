"""Build what a channel hands over from a stored submission (decrypted only here)."""

from __future__ import annotations

from rathaus.identity.models import Organisation
from rathaus.submissions.attachments.selectors import attachment_content, attachments_of_submission
from rathaus.submissions.delivery.base import Attachment, Package
from rathaus.submissions.models import Delivery
from rathaus.submissions.selectors import submission_data


def package_for(delivery: Delivery) -> Package:
    """The package of one delivery: the submission's data, form and receiver, keyed."""
    submission = delivery.submission
    version = submission.form_version
    form = version.form
    definition = version.definition
    authority = submission.authority
    service = form.service
    fim = definition.get("fim") or {}
    return Package(
        key=delivery.pk,
        submission_id=submission.pk,
        reference=submission.reference,
        form_key=form.key,
        form_version=version.number,
        form_title=form.title,
        fim_id=str(fim.get("id", "")),
        fim_version=str(fim.get("version", "")),
        leika_id=(service.leika_key or "") if service else "",
        submitted_at=submission.submitted_at,
        authority_name=authority.name if authority else "",
        authority_email=authority.email if authority else "",
        municipality_ags=submission.municipality.ags if submission.municipality else "",
        organisation=_organisation(submission.organisation),
        data=submission_data(submission=submission),
        attachments=[
            Attachment(
                name=stored.name,
                content_type=stored.content_type,
                sha512=stored.sha512,
                content=attachment_content(attachment=stored),
            )
            for stored in attachments_of_submission(submission=submission)
        ],
    )


def _organisation(organisation: Organisation | None) -> dict[str, str] | None:
    """What the authority learns about the organisation an application was sent for."""
    if organisation is None:
        return None
    fields = {
        "name": organisation.name,
        "kind": organisation.kind,
        "register_entry": organisation.register_entry,
        "tax_number": organisation.tax_number,
        "street": organisation.street,
        "postal_code": organisation.postal_code,
        "locality": organisation.locality,
        "ags": organisation.region.ags if organisation.region else "",
    }
    return {key: value for key, value in fields.items() if value}
