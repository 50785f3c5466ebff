"""Applying for an organisation: the draft and the submission carry it, the authority learns
it, every member finds the application, and a member who lost the right sends nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from rathaus.identity.models import Organisation, OrganisationMembership
from rathaus.identity.organisations.services import OrganisationDetails, organisation_create
from rathaus.submissions.delivery.package import package_for
from rathaus.submissions.models import Delivery, Draft, Submission
from tests.identity.people import citizen_client, citizen_create
from tests.submissions.journey import SUBMIT, fill

pytestmark = pytest.mark.django_db

SWITCH = "/organisationen/handeln/"


def _business() -> tuple[Organisation, Client]:
    owner = citizen_create()
    organisation = organisation_create(
        details=OrganisationDetails(
            name="Tischlerei Beispiel GmbH",
            kind="business",
            register_entry="HRB 99999, Amtsgericht Kassel",
        ),
        created_by=owner.user,
        owner=owner.user,
    )
    client = citizen_client(owner)
    assert client.post(SWITCH, {"organisation": str(organisation.pk)}).status_code == 302
    return organisation, client


def test_a_draft_started_while_acting_is_sent_for_the_organisation() -> None:
    organisation, client = _business()
    fill(client)
    assert Draft.objects.get().organisation_id == organisation.pk
    check = client.get(SUBMIT.replace("absenden/", "pruefen/")).content.decode()
    assert "Sie stellen diesen Antrag für <strong>Tischlerei Beispiel GmbH</strong>" in check
    assert client.post(SUBMIT, {"ags": "06611000"}).status_code == 302
    submission = Submission.objects.get()
    assert submission.organisation_id == organisation.pk
    sent = package_for(Delivery.objects.get(submission=submission)).as_json()
    assert sent["submission"]["organisation"] == {
        "name": "Tischlerei Beispiel GmbH",
        "kind": "business",
        "register_entry": "HRB 99999, Amtsgericht Kassel",
    }


def test_every_member_finds_it_and_outsiders_do_not() -> None:
    organisation, client = _business()
    fill(client)
    client.post(SUBMIT, {"ags": "06611000"})
    submission = Submission.objects.get()
    colleague = citizen_create(bpk2="BUNDIDSIM-U02", given_name="Manfred", surname="Schmidt")
    OrganisationMembership.objects.create(
        organisation=organisation, user=colleague.user, role="reader"
    )
    colleague_client = citizen_client(colleague)
    assert colleague_client.get(f"/formulare/eingang/{submission.pk}/").status_code == 200
    stranger = citizen_client(citizen_create(bpk2="BUNDIDSIM-U03", surname="Weber"))
    assert stranger.get(f"/formulare/eingang/{submission.pk}/").status_code == 404
    mine = client.get("/formulare/meine-antraege/").content.decode()
    assert "Anträge für Tischlerei Beispiel GmbH" in mine and submission.reference in mine


def test_for_oneself_a_submission_has_no_organisation() -> None:
    client = citizen_client(citizen_create())
    fill(client)
    client.post(SUBMIT, {"ags": "06611000"})
    assert Submission.objects.get().organisation_id is None


def test_a_member_removed_before_sending_sends_nothing_and_keeps_the_draft() -> None:
    organisation, client = _business()
    fill(client)
    OrganisationMembership.objects.filter(organisation=organisation).update(role="reader")
    response = client.post(SUBMIT, {"ags": "06611000"})
    assert response.status_code == 403
    assert "nicht mehr für die Organisation" in response.content.decode()
    assert not Submission.objects.exists()
    assert Draft.objects.filter(organisation=organisation).exists()
