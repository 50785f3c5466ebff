"""Staff edit regions, authorities, services and offerings in the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from rathaus.catalog.models import Offering, Service
from rathaus.territory.models import Region
from tests.staff import staff_client, totp_code

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/verwaltung/territory/region/?q=Kassel&level__exact=4",
    "/verwaltung/territory/postcode/?q=34233",
    "/verwaltung/authorities/authority/?q=Kassel&kind__exact=kreisverwaltung",
    "/verwaltung/catalog/service/?q=Reisepass",
    "/verwaltung/catalog/service/?has_flag=yes",
    "/verwaltung/catalog/offering/",
    "/verwaltung/catalog/responsibilityrule/",
    "/verwaltung/catalog/ozgservice/?q=Elterngeld",
    "/verwaltung/catalog/lifesituation/",
    "/verwaltung/catalog/topic/",
]


@pytest.fixture
def editor_client(client: Client) -> Client:
    return staff_client(User.objects.get(username="redaktion"), client)


def test_staff_log_in_with_password_and_code(client: Client) -> None:
    editor = User.objects.get(username="redaktion")
    response = client.post(
        "/verwaltung/login/",
        {"username": "redaktion", "password": "rathaus-demo", "otp_token": totp_code(editor)},
    )
    assert response.status_code == 302
    assert client.get("/verwaltung/").status_code == 200


def test_a_wrong_password_is_refused(client: Client) -> None:
    response = client.post("/verwaltung/login/", {"username": "redaktion", "password": "x"})
    assert response.status_code == 200
    assert client.get("/verwaltung/").status_code == 302


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_list_pages_search_and_filter(editor_client: Client, url: str) -> None:
    assert editor_client.get(url).status_code == 200


def test_change_pages_open(editor_client: Client) -> None:
    service = Service.objects.get(leika_key="99085001012000")
    region = Region.objects.get(ags="06611000")
    offering = Offering.objects.first()
    assert offering is not None
    for url in (
        f"/verwaltung/catalog/service/{service.pk}/change/",
        f"/verwaltung/territory/region/{region.pk}/change/",
        f"/verwaltung/catalog/offering/{offering.pk}/change/",
    ):
        assert editor_client.get(url).status_code == 200


def test_an_editor_renames_a_service_and_the_search_sees_it(editor_client: Client) -> None:
    service = Service.objects.get(leika_key="99085001012000")
    page = editor_client.get(f"/verwaltung/catalog/service/{service.pk}/change/")
    form = page.context["adminform"].form
    data = {key: ("" if value is None else value) for key, value in form.initial.items()}
    data.update(name="Reisepass Ausstellung Zauberwort", keywords="Zauberwort")
    data["ozg_service"] = service.ozg_service_id
    data.update({"offerings-TOTAL_FORMS": "0", "offerings-INITIAL_FORMS": "0"})
    response = editor_client.post(f"/verwaltung/catalog/service/{service.pk}/change/", data)
    assert response.status_code == 302, response.content[:2000]
    found = editor_client.get("/api/v1/search", {"q": "Zauberwort"}).json()["results"]
    assert found[0]["leika_key"] == "99085001012000"


def test_an_anonymous_visitor_is_sent_to_the_login(client: Client) -> None:
    response = client.get("/verwaltung/catalog/service/")
    assert response.status_code == 302
    assert "/verwaltung/login/" in response["Location"]
