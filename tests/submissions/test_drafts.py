"""Drafts: answers sealed at rest, visible only to their owner, saved all-or-nothing."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from rathaus.common.crypto import SealBrokenError, Sealed
from rathaus.forms.models import FormVersion
from rathaus.submissions import services
from rathaus.submissions.models import Draft
from rathaus.submissions.owners import Owner
from rathaus.submissions.selectors import (
    _live_drafts,
    draft_answers,
    draft_for_owner,
    draft_of_version,
    drafts_for_owner,
)
from rathaus.submissions.services import draft_delete, draft_save, draft_start, drafts_rewrap
from tests.submissions.conftest import UserFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"vorname": "Erika", "nachname": "Mustermann-Unverwechselbar", "hunde": ["Bello"]}


def _raw_answers(draft: Draft) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sealed_answers FROM submissions_draft WHERE id = %s",
            [Draft._meta.pk.get_db_prep_value(draft.pk, connection)],
        )
        return bytes(cursor.fetchone()[0])


def test_a_saved_draft_is_resumed_with_its_answers_and_page(
    form_version: FormVersion, anonymous: Owner
) -> None:
    draft = draft_start(form_version=form_version, owner=anonymous)
    assert draft_answers(draft=draft) == {}
    draft_save(draft=draft, answers=ANSWERS, page="halter")

    again = draft_for_owner(draft_id=str(draft.id), owner=anonymous)
    assert again is not None
    assert again.current_page == "halter"
    assert draft_answers(draft=again) == ANSWERS


def test_the_database_holds_no_answer_in_clear_text(
    form_version: FormVersion, anonymous: Owner
) -> None:
    first = draft_save(
        draft=draft_start(form_version=form_version, owner=anonymous), answers=ANSWERS, page="p"
    )
    second = draft_save(
        draft=draft_start(form_version=form_version, owner=anonymous), answers=ANSWERS, page="p"
    )
    raw = _raw_answers(first)
    assert b"Mustermann-Unverwechselbar" not in raw
    assert "Mustermann-Unverwechselbar".encode("utf-16-le") not in raw
    assert b"Erika" not in raw
    assert raw != _raw_answers(second)


def test_answers_copied_onto_another_draft_do_not_open(
    form_version: FormVersion, anonymous: Owner
) -> None:
    victim = draft_save(
        draft=draft_start(form_version=form_version, owner=Owner.user(UserFactory().pk)),
        answers=ANSWERS,
        page="p",
    )
    mine = draft_start(form_version=form_version, owner=anonymous)
    Draft.objects.filter(pk=mine.pk).update(sealed_answers=_raw_answers(victim))
    mine.refresh_from_db()
    with pytest.raises(SealBrokenError):
        draft_answers(draft=mine)


def test_another_anonymous_session_gets_nothing(
    form_version: FormVersion, anonymous: Owner
) -> None:
    draft = draft_start(form_version=form_version, owner=anonymous)
    stranger = Owner.anonymous(Owner.new_anonymous_token())
    assert draft_for_owner(draft_id=draft.id, owner=stranger) is None
    assert draft_for_owner(draft_id=draft.id, owner=anonymous) == draft


def test_another_account_gets_nothing(form_version: FormVersion) -> None:
    alice, bob = UserFactory(), UserFactory()
    draft = draft_start(form_version=form_version, owner=Owner.user(alice.pk))
    assert draft.owner_key == ""
    assert draft_for_owner(draft_id=draft.id, owner=Owner.user(bob.pk)) is None
    assert draft_for_owner(draft_id=draft.id, owner=Owner.user(alice.pk)) == draft
    assert drafts_for_owner(owner=Owner.user(bob.pk)) == []
    assert drafts_for_owner(owner=Owner.user(alice.pk)) == [draft]


def test_an_anonymous_session_does_not_see_an_accounts_draft(form_version: FormVersion) -> None:
    draft = draft_start(form_version=form_version, owner=Owner.user(UserFactory().pk))
    assert draft_for_owner(draft_id=draft.id, owner=Owner.anonymous("guess")) is None


@pytest.mark.parametrize(
    "draft_id", ["nonsense", "", "1' OR 1=1 --", "0b9d7c4e-2f1a-4e3b-8c5d-6a7b8c9d0e1f"]
)
def test_unknown_or_malformed_ids_get_nothing(anonymous: Owner, draft_id: str) -> None:
    assert draft_for_owner(draft_id=draft_id, owner=anonymous) is None


def test_an_expired_draft_is_gone_for_its_owner(
    form_version: FormVersion, anonymous: Owner
) -> None:
    draft = draft_start(form_version=form_version, owner=anonymous)
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert draft_for_owner(draft_id=draft.id, owner=anonymous) is None


@override_settings(RATHAUS_DRAFT_RETENTION_DAYS=7)
def test_each_save_extends_the_retention(form_version: FormVersion, anonymous: Owner) -> None:
    draft = draft_start(form_version=form_version, owner=anonymous)
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() + timedelta(hours=1))
    draft_save(draft=draft, answers={}, page="p")
    draft.refresh_from_db()
    remaining = draft.expires_at - timezone.now()
    assert timedelta(days=6, hours=23) < remaining <= timedelta(days=7)


def test_a_failed_save_leaves_the_old_answers(
    form_version: FormVersion, anonymous: Owner, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = draft_save(
        draft=draft_start(form_version=form_version, owner=anonymous), answers=ANSWERS, page="a"
    )

    def broken_seal(*args: object, **kwargs: object) -> None:
        raise RuntimeError("key store unavailable")

    monkeypatch.setattr(services, "seal_json", broken_seal)
    with pytest.raises(RuntimeError):
        draft_save(draft=draft, answers={"vorname": "Max"}, page="b")

    stored = Draft.objects.get(pk=draft.pk)
    assert stored.current_page == "a"
    assert draft_answers(draft=stored) == ANSWERS


def test_answers_that_are_not_json_are_refused_before_anything_is_written(
    form_version: FormVersion, anonymous: Owner
) -> None:
    draft = draft_save(
        draft=draft_start(form_version=form_version, owner=anonymous), answers=ANSWERS, page="a"
    )
    with pytest.raises(TypeError):
        draft_save(draft=draft, answers={"datei": object()}, page="b")
    assert draft_answers(draft=Draft.objects.get(pk=draft.pk)) == ANSWERS


def test_a_deleted_draft_is_gone(form_version: FormVersion, anonymous: Owner) -> None:
    draft = draft_start(form_version=form_version, owner=anonymous)
    draft_delete(draft=draft)
    assert draft_for_owner(draft_id=draft.id, owner=anonymous) is None
    with pytest.raises(Draft.DoesNotExist):
        draft_save(draft=draft, answers={}, page="p")


def test_an_owner_is_either_an_account_or_a_token() -> None:
    with pytest.raises(ValueError):
        Owner()
    with pytest.raises(ValueError):
        Owner(user_id=1, anonymous_token="x")
    assert "x" * 10 not in repr(Owner.anonymous("x" * 10))
    assert Owner.anonymous("t").key != "t" and len(Owner.anonymous("t").key) == 64


def test_key_rotation_rewraps_drafts_that_still_open(
    form_version: FormVersion, anonymous: Owner
) -> None:
    old_key = "old:" + "A" * 43 + "="
    with override_settings(RATHAUS_ENCRYPTION_KEYS=[old_key]):
        draft = draft_save(
            draft=draft_start(form_version=form_version, owner=anonymous),
            answers=ANSWERS,
            page="p",
        )
    with override_settings(RATHAUS_ENCRYPTION_KEYS=["new:" + "B" * 43 + "=", old_key]):
        out = StringIO()
        call_command("keys", "rotate", stdout=out)
        assert "1 von" in out.getvalue() and "'new'" in out.getvalue()
        call_command("keys", "rotate", stdout=StringIO())  # a second run changes nothing
        assert drafts_rewrap()[0] == 0
    stored = Draft.objects.get(pk=draft.pk)
    assert Sealed.from_bytes(bytes(stored.sealed_answers)).key_id == "new"
    with override_settings(RATHAUS_ENCRYPTION_KEYS=["new:" + "B" * 43 + "="]):
        assert draft_answers(draft=stored) == ANSWERS


def test_the_draft_a_form_page_reads_follows_the_rule_of_every_draft_read(
    form_version: FormVersion, anonymous: Owner
) -> None:
    """Form pages and the submit read their draft by primary key and check it in Python:
    for every owner, draft and version that check must agree with `_live_drafts`."""
    alice = Owner.user(UserFactory().pk)
    owners = [anonymous, Owner.anonymous(Owner.new_anonymous_token()), alice, Owner.user(0)]
    drafts = [draft_start(form_version=form_version, owner=owner) for owner in (anonymous, alice)]
    expired = draft_start(form_version=form_version, owner=anonymous)
    Draft.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    other_version = FormVersion.objects.exclude(pk=form_version.pk).first()
    assert other_version is not None
    found = []
    for owner in owners:
        for draft in [*drafts, expired]:
            for version in (form_version, other_version):
                read = draft_of_version(draft_id=draft.pk, owner=owner, version=version)
                rule = _live_drafts(owner).filter(pk=draft.pk, form_version=version).first()
                assert read == rule
                found += [read] if read else []
    assert found == drafts  # each live draft for its owner and its version, nothing else
    assert draft_of_version(draft_id="1' OR 1=1 --", owner=anonymous, version=form_version) is None
