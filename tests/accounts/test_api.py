import pytest

from tests.builders import PASSWORD


def test_a_token_is_issued_for_good_credentials(api, clerk):
    response = api.post("/api/v1/auth/token/", {"username": "clerk_T01", "password": PASSWORD},
                        format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/org-units/").status_code == 200


def test_bad_credentials_get_a_400_and_no_token(api, clerk):
    response = api.post("/api/v1/auth/token/", {"username": "clerk_T01", "password": "nope"},
                        format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_malformed_body_is_a_400_not_a_500(api, clerk):
    response = api.post("/api/v1/auth/token/", data="{not json",
                        content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_the_api_requires_authentication(api, db):
    assert api.get("/api/v1/org-units/").status_code == 401


def test_a_bad_token_is_a_401(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert api.get("/api/v1/org-units/").status_code == 401


def test_org_units_list_code_name_kind_and_parent_code(api, city_officer, t01_village, d01):
    api.force_authenticate(city_officer)
    body = api.get("/api/v1/org-units/").json()
    assert body["count"] == 4
    by_code = {row["code"]: row for row in body["results"]}
    assert by_code["T01V01"] == {"code": "T01V01", "name": "城关东风村", "kind": "village",
                                 "parent": "T01"}
    assert by_code["C00"]["parent"] is None


def test_a_clerk_lists_only_the_units_in_scope(api, clerk, t01_village, t02):
    api.force_authenticate(clerk)
    codes = [row["code"] for row in api.get("/api/v1/org-units/").json()["results"]]
    assert codes == ["T01", "T01V01"]
    assert api.get("/api/v1/org-units/T02/").status_code == 404


def test_page_size_is_capped_at_200(api, city_officer, t01):
    from accounts.models import OrgUnit

    OrgUnit.objects.bulk_create(
        OrgUnit(code=f"T01V{i:03d}", name=f"村{i}", kind=OrgUnit.Kind.VILLAGE, parent=t01,
                path=f"{t01.path}T01V{i:03d}/") for i in range(1, 206))
    api.force_authenticate(city_officer)
    body = api.get("/api/v1/org-units/?page_size=500").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 207  # the city, T01 and its 205 villages
    assert len(body["results"]) == 200
    assert body["next"] is not None
    assert len(api.get("/api/v1/org-units/?page_size=7").json()["results"]) == 7


@pytest.mark.parametrize("url, holds", [("/api/schema/", "/api/v1/petitions/"),
                                         ("/api/docs/", "swagger-ui")])
def test_the_schema_and_docs_are_served(client, clerk, url, holds):
    client.force_login(clerk)
    response = client.get(url)
    assert response.status_code == 200
    assert holds in response.content.decode()


def test_the_schema_names_the_org_units_path(client, clerk):
    client.force_login(clerk)
    body = client.get("/api/schema/").content.decode()
    assert "/api/v1/org-units/" in body
    assert "/api/v1/auth/token/" in body


def test_the_docs_use_local_assets_only(client, clerk):
    client.force_login(clerk)
    body = client.get("/api/docs/").content.decode()
    assert "cdn" not in body.lower()
    assert "/static/drf_spectacular_sidecar/" in body
