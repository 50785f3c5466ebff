"""Organisation services: who may do what, the last owner, invitations used once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rathaus.identity.models import Invitation, Organisation, OrganisationMembership
from rathaus.identity.organisations.errors import (
    AlreadyInvited,
    AlreadyMember,
    InvitationInvalid,
    LastOwner,
    NotAllowed,
)
from rathaus.identity.organisations.models import OrganisationKind, Role
from rathaus.identity.organisations.selectors import (
    SESSION_ACTING,
    acting_organisation,
    invitations_open,
    members,
    organisations_of,
)
from rathaus.identity.organisations.services import (
    OrganisationDetails,
    invitation_accept,
    invitation_revoke,
    invitation_send,
    member_remove,
    member_role_change,
    organisation_create,
)
from rathaus.identity.organisations.tokens import invitation_token, token_hash
from rathaus.territory.models import Region, RegionLevel
from tests.identity.organisations import business, citizen, join

pytestmark = pytest.mark.django_db

TASK = "rathaus.identity.organisations.tasks.invitation_email_send"


def _invite(owner, organisation, email="max.beispiel@beispiel.test", role=Role.MEMBER):  # type: ignore[no-untyped-def]
    invitation = invitation_send(actor=owner, organisation=organisation, email=email, role=role)
    return invitation, invitation_token(invitation_id=invitation.pk)


def test_the_person_who_creates_an_organisation_becomes_its_owner() -> None:
    erika = citizen()
    organisation = business(erika)
    (membership,) = organisations_of(user_id=erika.pk)
    assert membership.organisation == organisation
    assert membership.role == Role.OWNER
    assert organisation.created_by == erika


def test_a_municipality_needs_its_gemeinde_and_a_business_has_none() -> None:
    kassel = Region.objects.get(level=RegionLevel.GEMEINDE, ags="06611000")
    staff = citizen("Land", "Hessen")
    with pytest.raises(ValidationError, match="Gemeinde braucht ihr Gebiet"):
        organisation_create(
            details=OrganisationDetails(name="Stadt Kassel", kind=OrganisationKind.MUNICIPALITY),
            created_by=staff,
            owner=None,
        )
    with pytest.raises(ValidationError, match="Gemeinde braucht ihr Gebiet"):
        organisation_create(
            details=OrganisationDetails(
                name="Tischlerei", kind=OrganisationKind.BUSINESS, region=kassel
            ),
            created_by=staff,
            owner=staff,
        )
    municipality = organisation_create(
        details=OrganisationDetails(
            name="Stadt Kassel", kind=OrganisationKind.MUNICIPALITY, region=kassel
        ),
        created_by=staff,
        owner=None,
    )
    assert municipality.region == kassel
    assert not municipality.memberships.exists()  # Land staff invite its first owner
    # one organisation per Gemeinde
    with pytest.raises(ValidationError):
        organisation_create(
            details=OrganisationDetails(
                name="Kassel, zweite", kind=OrganisationKind.MUNICIPALITY, region=kassel
            ),
            created_by=staff,
            owner=None,
        )
    assert Organisation.objects.filter(region=kassel).count() == 1


def test_an_invitation_stores_only_the_token_hash_and_plans_its_e_mail() -> None:
    erika = citizen()
    organisation = business(erika)
    with override_settings(RATHAUS_INVITATION_DAYS=3):
        invitation, token = _invite(erika, organisation, email="Max.Beispiel@BEISPIEL.test")
    invitation.refresh_from_db()
    assert invitation.token_hash == token_hash(token)
    stored = {str(getattr(invitation, f.attname)) for f in Invitation._meta.fields}
    assert token not in stored
    assert invitation.email == "Max.Beispiel@beispiel.test"  # the domain is case-free
    assert invitation.invited_by == erika
    assert timedelta(days=3) - (invitation.expires_at - timezone.now()) < timedelta(minutes=1)
    queued = DBTaskResult.objects.get(task_path=TASK)
    assert queued.args_kwargs["args"] == [str(invitation.pk)]  # an id, never the token
    assert list(invitations_open(organisation_id=organisation.pk)) == [invitation]


def test_accepting_makes_the_logged_in_person_a_member_and_records_who() -> None:
    erika, max_ = citizen(), citizen("Max", "Beispiel")
    organisation = business(erika)
    invitation, token = _invite(erika, organisation, email="buero@tischlerei.test")
    accepted = invitation_accept(token=token, user=max_)
    assert accepted.joined
    assert accepted.membership.role == Role.MEMBER
    invitation.refresh_from_db()
    assert invitation.accepted_by == max_ and invitation.accepted_at is not None
    assert [m.name for m in members(organisation_id=organisation.pk)] == [
        "Erika Mustermann",
        "Max Beispiel",
    ]
    assert not invitations_open(organisation_id=organisation.pk).exists()


def test_an_invitation_works_once_and_a_second_click_finds_the_first_membership() -> None:
    erika, max_, eve = citizen(), citizen("Max", "Beispiel"), citizen("Eva", "Fremd")
    organisation = business(erika)
    _, token = _invite(erika, organisation)
    invitation_accept(token=token, user=max_)
    again = invitation_accept(token=token, user=max_)  # double submit, back button
    assert not again.joined
    assert OrganisationMembership.objects.filter(organisation=organisation, user=max_).count() == 1
    with pytest.raises(InvitationInvalid) as refused:
        invitation_accept(token=token, user=eve)  # a forwarded, already used link
    assert refused.value.reason == "used"
    assert not OrganisationMembership.objects.filter(user=eve).exists()


@pytest.mark.parametrize("reason", ["expired", "revoked", "unknown"])
def test_expired_revoked_and_forged_tokens_are_refused(reason: str) -> None:
    erika, max_ = citizen(), citizen("Max", "Beispiel")
    organisation = business(erika)
    invitation, token = _invite(erika, organisation)
    if reason == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    elif reason == "revoked":
        assert invitation_revoke(actor=erika, invitation=invitation)
    else:
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with pytest.raises(InvitationInvalid) as refused:
        invitation_accept(token=token, user=max_)
    assert refused.value.reason == reason
    assert not OrganisationMembership.objects.filter(user=max_).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_an_existing_member_who_accepts_keeps_their_role() -> None:
    erika = citizen()
    organisation = business(erika)
    _, token = _invite(erika, organisation, role=Role.READER)
    accepted = invitation_accept(token=token, user=erika)
    assert not accepted.joined
    assert accepted.membership.role == Role.OWNER


def test_an_address_that_is_a_member_or_invited_is_not_invited_again() -> None:
    erika = citizen(email="erika@tischlerei.test")
    organisation = business(erika)
    with pytest.raises(AlreadyMember):
        _invite(erika, organisation, email="ERIKA@tischlerei.test")
    _invite(erika, organisation, email="max@tischlerei.test")
    with pytest.raises(AlreadyInvited):
        _invite(erika, organisation, email="Max@Tischlerei.test")
    assert Invitation.objects.filter(organisation=organisation).count() == 1


@pytest.mark.parametrize("role", [Role.MEMBER, Role.READER])
def test_members_and_readers_may_not_manage(role: Role) -> None:
    erika, max_, lena = citizen(), citizen("Max", "Beispiel"), citizen("Lena", "Muster")
    organisation = business(erika)
    own = join(organisation, max_, role)
    other = join(organisation, lena, Role.MEMBER)
    invitation, _ = _invite(erika, organisation)
    with pytest.raises(NotAllowed):
        _invite(max_, organisation, email="neu@beispiel.test")
    with pytest.raises(NotAllowed):
        member_role_change(actor=max_, membership=own, role=Role.OWNER)
    with pytest.raises(NotAllowed):
        member_remove(actor=max_, membership=other)
    with pytest.raises(NotAllowed):
        invitation_revoke(actor=max_, invitation=invitation)
    assert Invitation.objects.filter(organisation=organisation).count() == 1
    assert OrganisationMembership.objects.get(pk=own.pk).role == role
    assert OrganisationMembership.objects.filter(pk=other.pk).exists()
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_the_last_owner_cannot_leave_or_step_down() -> None:
    erika, max_ = citizen(), citizen("Max", "Beispiel")
    organisation = business(erika)
    own = OrganisationMembership.objects.get(organisation=organisation, user=erika)
    with pytest.raises(LastOwner) as refused:
        member_role_change(actor=erika, membership=own, role=Role.MEMBER)
    assert "mindestens eine Person" in str(refused.value.message)
    with pytest.raises(LastOwner):
        member_remove(actor=erika, membership=own)
    assert OrganisationMembership.objects.get(pk=own.pk).role == Role.OWNER
    # with a second owner, the first may step down and then leave
    second = join(organisation, max_, Role.MEMBER)
    member_role_change(actor=erika, membership=second, role=Role.OWNER)
    member_role_change(actor=erika, membership=own, role=Role.MEMBER)
    member_remove(actor=erika, membership=own)
    assert list(organisation.memberships.values_list("user", "role")) == [(max_.pk, "owner")]


def test_anyone_may_leave_and_an_unknown_role_is_refused() -> None:
    erika, max_ = citizen(), citizen("Max", "Beispiel")
    organisation = business(erika)
    reader = join(organisation, max_, Role.READER)
    with pytest.raises(ValueError, match="unknown role"):
        member_role_change(actor=erika, membership=reader, role="admin")
    with pytest.raises(ValueError, match="unknown role"):
        _invite(erika, organisation, role="superuser")  # type: ignore[arg-type]
    member_remove(actor=max_, membership=reader)
    assert not OrganisationMembership.objects.filter(user=max_).exists()


def test_acting_for_an_organisation_ends_silently_when_the_membership_does() -> None:
    erika, max_ = citizen(), citizen("Max", "Beispiel")
    organisation = business(erika)
    membership = join(organisation, max_, Role.MEMBER)
    request = RequestFactory().get("/")
    request.user = max_
    request.session = {SESSION_ACTING: organisation.pk}  # type: ignore[assignment]
    assert acting_organisation(request) == organisation
    member_role_change(actor=erika, membership=membership, role=Role.READER)
    assert acting_organisation(request) is None  # a reader does not act
    assert SESSION_ACTING not in request.session
    request.session[SESSION_ACTING] = organisation.pk
    member_role_change(actor=erika, membership=membership, role=Role.MEMBER)
    assert acting_organisation(request) == organisation
    member_remove(actor=erika, membership=membership)
    assert acting_organisation(request) is None
