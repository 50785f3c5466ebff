"""The Fachverfahren's side: list and fetch an authority's applications, acknowledge, status,
decision; every refusal is a problem+json body and changes nothing."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import pytest
from django.test import Client, override_settings

from rathaus.api.models import Acknowledgement
from rathaus.api.services import api_client_revoke
from rathaus.authorities.models import Authority
from rathaus.mailbox.models import Message, MessageKind, StatusChange
from rathaus.submissions.models import Submission
from tests.api.conftest import Api, attach_pdf, make_api
from tests.submissions.files import pdf_bytes, png_bytes
from tests.submissions.journey import send

pytestmark = pytest.mark.django_db
BASE = "/api/v1/submissions"


def _get(api: Api, path: str, **params: Any) -> Any:
    return Client().get(path, params, headers=api.headers)


def _post(api: Api, path: str, data: Any = None, **kwargs: Any) -> Any:
    if data is not None and "content_type" not in kwargs:
        kwargs["content_type"] = "application/json"
        data = json.dumps(data)
    return Client().post(path, data, headers=api.headers, **kwargs)


def _assert_problem(response: Any, status: int, reason: str) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["reason"] == reason
    assert body["detail"] and body["detail_en"] and body["detail"] != body["detail_en"]
    return body


def _decision(api: Api, submission: Submission, data: bytes | None = None) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("Bescheid.pdf", pdf_bytes() if data is None else data)
    return Client().post(
        f"{BASE}/{submission.pk}/decision",
        {"pdf": upload, "subject": "Bescheid Sperrmüll", "body": "Ihr Termin ist bestätigt."},
        headers=api.headers,
    )


# reading


def test_the_list_holds_only_the_authoritys_applications(
    api: Api, application: Submission, foreign_application: Submission
) -> None:
    response = _get(api, BASE)
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [str(application.pk)]
    assert items[0]["reference"] == application.reference
    assert items[0]["status"] == application.status
    assert items[0]["form_key"] == "sperrmuell_abholung"


def test_the_list_is_paged_by_an_opaque_cursor_without_gaps(
    api: Api, application: Submission, kassel: Authority
) -> None:
    others = [send(Client(), ags="06611000") for _ in range(4)]
    seen: list[str] = []
    cursor = ""
    for _ in range(5):
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = _get(api, BASE, **params).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    expected = sorted([application, *others], key=lambda s: (s.submitted_at, str(s.pk)))
    assert seen == [str(s.pk) for s in expected]


def test_the_list_filters_by_status_and_since(api: Api, application: Submission) -> None:
    assert _get(api, BASE, status="closed").json()["items"] == []
    later = "2999-01-01T00:00:00"  # without zone: taken as UTC
    assert _get(api, BASE, since=later).json()["items"] == []
    assert len(_get(api, BASE, status=application.status).json()["items"]) == 1


def test_one_application_has_its_data_and_attachments(api: Api, application: Submission) -> None:
    body = _get(api, f"{BASE}/{application.pk}").json()
    assert body["data"]["name"] == "Erika Mustermann"
    [attachment] = body["attachments"]
    assert attachment["content_type"] == "application/pdf"
    content = Client().get(attachment["url"], headers=api.headers)
    assert content.status_code == 200
    assert content["Content-Disposition"].startswith("attachment;")
    assert hashlib.sha512(content.content).hexdigest() == attachment["sha512"]
    assert len(content.content) == attachment["size"]


# writing


def test_acknowledge_moves_to_processing_once_and_is_idempotent(
    api: Api, application: Submission, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="rathaus.api.services"):
        first = _post(api, f"{BASE}/{application.pk}/acknowledge")
    assert f"client {api.client.pk} acknowledged submission {application.pk}" in caplog.text
    assert first.status_code == 200
    assert first.json()["status"] == "processing"
    again = _post(api, f"{BASE}/{application.pk}/acknowledge")
    assert again.json()["acknowledged_at"] == first.json()["acknowledged_at"]
    assert Acknowledgement.objects.filter(submission=application).count() == 1
    assert list(
        StatusChange.objects.filter(submission=application).values_list("step_key", flat=True)
    ) == ["processing"]


def test_status_and_a_citizen_step_are_set_and_recorded(api: Api, application: Submission) -> None:
    response = _post(api, f"{BASE}/{application.pk}/status", {"status": "processing"})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "processing"
    closed = _post(api, f"{BASE}/{application.pk}/status", {"status": "closed", "step": "decided"})
    assert closed.json()["status"] == "closed"
    assert StatusChange.objects.filter(submission=application, step_key="decided").exists()


def test_a_decision_goes_to_the_postfach_and_closes_the_application(
    api: Api, application: Submission, citizen: Any
) -> None:
    response = _decision(api, application)
    assert response.status_code == 200, response.content
    message = Message.objects.get(pk=response.json()["message_id"])
    assert message.kind == MessageKind.DECISION
    assert message.recipient_user_id == citizen.user.pk
    application.refresh_from_db()
    assert application.status == "closed"


def test_a_second_decision_is_a_409_and_changes_nothing(api: Api, application: Submission) -> None:
    assert _decision(api, application).status_code == 200
    _assert_problem(_decision(api, application), 409, "closed")
    assert Message.objects.filter(submission=application).count() == 1


def test_a_decision_that_is_no_pdf_is_a_415(api: Api, application: Submission) -> None:
    _assert_problem(_decision(api, application, png_bytes()), 415, "not_pdf")
    _assert_problem(_decision(api, application, b"%PDF-1.7 but nothing else"), 415, "not_pdf")
    application.refresh_from_db()
    assert application.status != "closed"
    assert not Message.objects.filter(submission=application).exists()


def test_an_application_without_an_account_has_no_postfach(api: Api, kassel: Authority) -> None:
    anonymous = send(Client(), ags="06611000")
    _assert_problem(_decision(api, anonymous), 409, "no_postfach")
    anonymous.refresh_from_db()
    assert anonymous.status != "closed"


# refusals


def test_no_token_or_an_unknown_one_is_a_401(application: Submission) -> None:
    _assert_problem(Client().get(BASE), 401, "token")
    bad = Client().get(BASE, headers={"Authorization": "Bearer rth_gibt-es-nicht"})
    assert _assert_problem(bad, 401, "token") and bad["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_a_401_at_once(api: Api, application: Submission) -> None:
    assert _get(api, BASE).status_code == 200
    api_client_revoke(client=api.client)
    _assert_problem(_get(api, BASE), 401, "token")


def test_a_logged_in_session_is_not_an_api_login(admin_client: Client) -> None:
    _assert_problem(admin_client.get(BASE), 401, "token")


def test_another_authoritys_application_is_a_404(api: Api, foreign_application: Submission) -> None:
    _assert_problem(_get(api, f"{BASE}/{foreign_application.pk}"), 404, "not_found")
    _assert_problem(_post(api, f"{BASE}/{foreign_application.pk}/acknowledge"), 404, "not_found")
    foreign_application.refresh_from_db()
    assert foreign_application.status != "processing"
    assert not Acknowledgement.objects.exists()


def test_someone_elses_attachment_is_a_404(
    api: Api, application: Submission, foreign_application: Submission
) -> None:
    foreign = attach_pdf(foreign_application)
    url = f"{BASE}/{application.pk}/attachments/{foreign.pk}"
    _assert_problem(_get(api, url), 404, "not_found")
    _assert_problem(
        _get(api, f"{BASE}/{application.pk}/attachments/{uuid.uuid4()}"), 404, "not_found"
    )


def test_a_malformed_id_is_a_400(api: Api) -> None:
    _assert_problem(_get(api, f"{BASE}/keine-uuid"), 400, "invalid")
    _assert_problem(_post(api, f"{BASE}/1%20OR%201=1/acknowledge"), 400, "invalid")


def test_bad_json_and_wrong_values_are_a_400(api: Api, application: Submission) -> None:
    url = f"{BASE}/{application.pk}/status"
    raw = Client().post(url, "{nicht json", content_type="application/json", headers=api.headers)
    _assert_problem(raw, 400, "body")
    _assert_problem(_post(api, url, {"status": "received"}), 400, "invalid")
    _assert_problem(_post(api, url, {"status": 7}), 400, "invalid")
    _assert_problem(_post(api, url, {"status": "closed", "step": "erfunden"}), 400, "invalid")
    _assert_problem(_get(api, BASE, limit="1000"), 400, "invalid")
    _assert_problem(_get(api, BASE, cursor="kaputt"), 400, "cursor")
    application.refresh_from_db()
    assert application.status == "received" or application.status == "delivered"
    assert not StatusChange.objects.filter(submission=application).exists()


@pytest.mark.parametrize(
    ("scopes", "method", "path"),
    [
        (["decisions:write"], "get", ""),
        (["submissions:read"], "post", "/acknowledge"),
        (["submissions:read", "decisions:write"], "post", "/status"),
        (["submissions:read", "submissions:write"], "post", "/decision"),
    ],
)
def test_a_missing_scope_is_a_403_and_changes_nothing(
    kassel: Authority, application: Submission, scopes: list[str], method: str, path: str
) -> None:
    limited = make_api(kassel, scopes)
    url = f"{BASE}/{application.pk}{path}" if path else BASE
    response = getattr(Client(), method)(url, headers=limited.headers)
    body = _assert_problem(response, 403, "scope")
    assert "submissions:" in body["detail"] or "decisions:" in body["detail"]
    fresh = Submission.objects.get(pk=application.pk)
    assert fresh.status == application.status
    assert not Acknowledgement.objects.exists() and not Message.objects.exists()


def test_an_oversized_request_is_a_413_problem(api: Api, application: Submission) -> None:
    with override_settings(RATHAUS_REQUEST_MAX_MB=1):
        response = Client().post(
            f"{BASE}/{application.pk}/status",
            b"x" * (1024 * 1024 + 1),
            content_type="application/json",
            headers=api.headers,
        )
    _assert_problem(response, 413, "too_large")


def test_a_decision_over_the_upload_limit_is_a_413(api: Api, application: Submission) -> None:
    with override_settings(RATHAUS_UPLOAD_MAX_MB=0):
        _assert_problem(_decision(api, application), 413, "too_large")
    application.refresh_from_db()
    assert application.status != "closed"


def test_a_decision_on_an_organisations_application_goes_to_its_postfach(
    api: Api, kassel: Authority
) -> None:
    from tests.submissions.test_organisation_submissions import _business

    organisation, browser = _business()
    submission = send(browser, ags="06611000")
    assert submission.organisation_id == organisation.pk
    response = _decision(api, submission)
    assert response.status_code == 200, response.content
    message = Message.objects.get(pk=response.json()["message_id"])
    assert message.recipient_organisation_id == organisation.pk
    assert message.recipient_user_id is None
