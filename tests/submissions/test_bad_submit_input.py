"""Bad input at the end of a form: clear pages, nothing half-stored, the answers survive."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.test import Client, override_settings

from rathaus.submissions.models import Draft, Submission
from rathaus.submissions.selectors import submission_data
from tests.submissions.journey import START, SUBMIT, fill

pytestmark = pytest.mark.django_db

CHECK = START + "pruefen/"


def _submit_token(client: Client) -> str:
    return _submit_form(client)["entwurf"]


def _submit_form(client: Client) -> dict[str, str]:
    """The hidden fields of the check page's submit form, as the browser would post them."""
    page = client.get(CHECK).content.decode()
    return dict(re.findall(r'<input type="hidden" name="(entwurf|ags)" value="([^"]+)"', page))


def _expire_session(client: Client) -> None:
    """What the server sees after the idle timeout: the session record is gone."""
    client.session.flush()
    client.cookies.pop("sessionid", None)


def test_an_expired_session_at_submit_loses_nothing_and_sends_the_application(
    client: Client,
) -> None:
    fill(client)
    form = _submit_form(client)
    assert set(form) == {"entwurf", "ags"}
    _expire_session(client)
    response = client.post(SUBMIT, form)
    assert response.status_code == 302 and "/eingang/" in response["Location"]
    submission = Submission.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert submission_data(submission=submission)["name"] == "Erika Mustermann"
    assert client.get(response["Location"]).status_code == 200  # and it is theirs again


@pytest.mark.parametrize(
    "tampered",
    [
        "",
        "erfunden",
        signing.dumps({"d": "x", "o": "y"}, salt="anderer-zweck"),
        signing.dumps(["keine", "zuordnung"], salt="rathaus.submissions.submit"),
        signing.dumps(
            {"d": "00000000-0000-0000-0000-000000000000", "o": "fremd"},
            salt="rathaus.submissions.submit",
        ),
    ],
    ids=["empty", "invented", "other-purpose", "no-draft", "someone-elses"],
)
def test_an_expired_session_with_a_tampered_note_gets_a_clear_page_and_nothing_is_sent(
    client: Client, tampered: str
) -> None:
    fill(client)
    before = Submission.objects.count()
    _expire_session(client)
    response = client.post(SUBMIT, {"entwurf": tampered})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ihre Sitzung ist abgelaufen" in page and "Es wurde nichts gesendet" in page
    assert Submission.objects.count() == before
    assert Draft.objects.filter(form_version__form__key="sperrmuell_abholung").exists()


def test_a_note_for_one_form_does_not_send_a_draft_through_another(client: Client) -> None:
    fill(client)
    token = _submit_token(client)
    before = Submission.objects.count()
    stranger = Client()
    response = stranger.post("/formulare/hundesteuer_anmeldung/absenden/", {"entwurf": token})
    assert response.status_code == 400
    assert Submission.objects.count() == before
    assert Draft.objects.filter(form_version__form__key="sperrmuell_abholung").exists()


def test_a_tampered_hidden_place_is_refused_with_a_message(client: Client) -> None:
    fill(client)
    before = Submission.objects.count()
    for ags in ("99999999", "0661100'", "<script>", "0" * 500):
        response = client.post(SUBMIT, {"ags": ags})
        assert response.status_code == 200
        assert "Es gibt ein Problem" in response.content.decode()
    assert Submission.objects.count() == before


def test_an_oversized_request_gets_a_413_page_and_changes_nothing(client: Client) -> None:
    fill(client)
    before = Submission.objects.count()
    with override_settings(RATHAUS_REQUEST_MAX_MB=1):
        response = client.post(
            SUBMIT,
            data=b"x" * (1024 * 1024 + 1),
            content_type="application/octet-stream",
            HTTP_REFERER="http://testserver" + CHECK,
        )
    assert response.status_code == 413
    page = response.content.decode()
    assert (
        "Die gesendeten Daten sind zu groß" in page and f'href="http://testserver{CHECK}"' in page
    )
    assert Submission.objects.count() == before
    assert client.get(CHECK).status_code == 200  # the answers are still there


def test_form_fields_over_the_memory_limit_get_the_413_page_too(client: Client) -> None:
    fill(client)
    response = client.post(SUBMIT, {"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Die gesendeten Daten sind zu groß" in response.content.decode()
