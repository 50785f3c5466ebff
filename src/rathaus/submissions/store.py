"""The answers of a form in progress: an encrypted draft owned by this browser or account."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from rathaus.forms.models import FormVersion
from rathaus.forms.web.inputs import file_references
from rathaus.identity.organisations.selectors import acting_organisation
from rathaus.submissions.attachments.services import attachments_prune
from rathaus.submissions.models import Draft, Submission
from rathaus.submissions.owners import Owner
from rathaus.submissions.selectors import (
    draft_answers,
    draft_of_version,
    submission_from_draft,
)
from rathaus.submissions.services import draft_save, draft_start
from rathaus.territory.models import Region
from rathaus.territory.selectors import municipality_by_ags

OWNER_KEY = "entwurf_inhaber"
DRAFTS_KEY = "entwuerfe"
SUBMIT_SALT = "rathaus.submissions.submit"


def request_owner(request: HttpRequest) -> Owner:
    """The account when logged in, else this browser session's random owner token."""
    if request.user.is_authenticated:
        return Owner.user(int(request.user.pk))
    token = request.session.get(OWNER_KEY)
    if not isinstance(token, str) or not token:
        token = Owner.new_anonymous_token()
        request.session[OWNER_KEY] = token
    return Owner.anonymous(token)


def current_draft(request: HttpRequest, version: FormVersion) -> Draft | None:
    """This person's draft of this form version, if one was started here."""
    draft_id = request.session.get(DRAFTS_KEY, {}).get(str(version.pk))
    if not draft_id:
        return None
    return draft_of_version(draft_id=draft_id, owner=request_owner(request), version=version)


def sent_from_this_draft(request: HttpRequest, version: FormVersion) -> Submission | None:
    """The submission this browser's draft already became (its response may have been lost)."""
    draft_id = request.session.get(DRAFTS_KEY, {}).get(str(version.pk))
    if not draft_id:
        return None
    return submission_from_draft(draft_id=draft_id, owner=request_owner(request))


def submit_token(request: HttpRequest, version: FormVersion) -> str:
    """A signed note of this browser's draft, posted with "Antrag absenden".

    If the session expired while the person read the check page, the submit finds the
    draft again through it, so the answers are not lost. Anonymous owners only: an
    account's drafts are found again by logging in.
    """
    draft_id = request.session.get(DRAFTS_KEY, {}).get(str(version.pk))
    token = request.session.get(OWNER_KEY)
    if request.user.is_authenticated or not draft_id or not token:
        return ""
    return signing.dumps({"d": draft_id, "o": token}, salt=SUBMIT_SALT, compress=True)


def draft_from_submit_token(request: HttpRequest, version: FormVersion) -> Draft | None:
    """The draft a valid posted submit token names; it becomes this session's again."""
    raw = request.POST.get("entwurf", "")[:1000]
    try:
        value = signing.loads(
            raw, salt=SUBMIT_SALT, max_age=settings.RATHAUS_DRAFT_LINK_HOURS * 3600
        )
    except signing.BadSignature:  # also expired; never raises on tampering
        return None
    token = value.get("o") if isinstance(value, dict) else None
    if not raw or not isinstance(token, str) or not token:
        return None
    draft = draft_of_version(
        draft_id=str(value.get("d", "")), owner=Owner.anonymous(token), version=version
    )
    if draft is None:
        return None
    request.session[OWNER_KEY] = token
    remember_draft(request, draft)
    return draft


def remember_draft(request: HttpRequest, draft: Draft) -> None:
    """Make a (resumed) draft the one this browser continues."""
    drafts = dict(request.session.get(DRAFTS_KEY, {}))
    drafts[str(draft.form_version_id)] = str(draft.pk)
    request.session[DRAFTS_KEY] = drafts


def answers_load(request: HttpRequest, version: FormVersion) -> dict[str, Any]:
    """The answers given so far (decrypted), or none."""
    draft = current_draft(request, version)
    return draft_answers(draft=draft) if draft else {}


def draft_ensure(request: HttpRequest, version: FormVersion) -> Draft:
    """This person's draft of the form version, started now if there is none."""
    draft = current_draft(request, version)
    if draft is None:
        acting = acting_organisation(request)
        draft = draft_start(
            form_version=version,
            owner=request_owner(request),
            organisation_id=acting.pk if acting else None,
        )
        remember_draft(request, draft)
    return draft


def answers_save(
    request: HttpRequest, version: FormVersion, answers: dict[str, Any], page: str
) -> Draft:
    """Store the answers encrypted (starting the draft on the first save); files the answers
    no longer refer to (replaced, removed, on a question no longer asked) are deleted."""
    draft = draft_save(draft=draft_ensure(request, version), answers=answers, page=page)
    keep = {str(ref["id"]) for ref in file_references(answers) if "id" in ref}
    attachments_prune(draft=draft, keep=keep)
    return draft


PLACES_KEY = "antrag_orte"


def remember_place(request: HttpRequest, version: FormVersion, ags: str) -> None:
    """Keep the municipality an application is for (chosen on the service page)."""
    if municipality_by_ags(ags=ags[:8]) is not None:
        request.session[PLACES_KEY] = {
            **request.session.get(PLACES_KEY, {}),
            version.form.key: ags[:8],
        }


def chosen_place(request: HttpRequest, version: FormVersion) -> Region | None:
    """The municipality remembered for this form, if any."""
    ags = request.session.get(PLACES_KEY, {}).get(version.form.key, "")
    return municipality_by_ags(ags=ags) if isinstance(ags, str) and ags else None
