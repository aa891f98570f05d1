import pytest
from django.urls import reverse

from tests.builders import PASSWORD

PAGES = ["home", "petitions:list", "screening:index", "backlog:index", "stability:index",
         "supervision:index", "accounts:password_change"]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_sends_the_anonymous_to_the_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["clerk", "leader", "city_officer", "supervisor", "admin_user"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_for_every_role(client, request, persona, name):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert user.display_name in response.content.decode()


def test_the_login_page_is_in_chinese_by_default(client, db):
    response = client.get(reverse("accounts:login"))
    body = response.content.decode()
    assert 'lang="zh-hans"' in body
    assert "登录" in body
    assert 'name="username"' in body
    assert 'name="password"' in body


def test_english_is_available(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("accounts:login")).content.decode()
    assert "Log in" in body
    assert 'lang="en"' in body


def test_a_clerk_logs_in_and_out(client, clerk):
    response = client.post(reverse("accounts:login"),
                           {"username": "clerk_T01", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "城关镇" in client.get(reverse("home")).content.decode()
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302


def test_a_wrong_password_shows_a_message_and_logs_no_one_in(client, clerk):
    response = client.post(reverse("accounts:login"),
                           {"username": "clerk_T01", "password": "wrong"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_the_clerk_dashboard_states_the_scope(client, clerk, t01_village, t02):
    client.force_login(clerk)
    body = client.get(reverse("home")).content.decode()
    assert "城关镇" in body
    assert "2 个单位" in body


def test_the_admin_link_shows_for_admins_only(client, clerk, admin_user):
    client.force_login(clerk)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()
    client.force_login(admin_user)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_password_change_rejects_a_short_password_and_keeps_the_old(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)


def test_password_change_works(client, clerk):
    client.force_login(clerk)
    new = "Another-Long-Pass-77"
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password(new)


def test_admin_pages_list_users_and_org_units(client, admin_user, t01):
    client.force_login(admin_user)
    users = client.get("/admin/accounts/user/")
    assert users.status_code == 200
    assert "admin" in users.content.decode()
    body = client.get("/admin/accounts/orgunit/").content.decode()
    assert "T01" in body


def test_a_clerk_cannot_open_the_admin(client, clerk):
    client.force_login(clerk)
    assert client.get("/admin/").status_code == 302


def test_the_admin_dashboard_warns_of_a_year_without_calendar(client, admin_user, clerk, settings):
    from datetime import date
    from unittest import mock
    with mock.patch("dashboards.views.local_today", return_value=date(2026, 11, 28)):
        client.force_login(admin_user)
        assert "2027" in client.get(reverse("home")).content.decode()
        client.force_login(clerk)
        assert 'data-testid="calendar-warning"' not in client.get(reverse("home")).content.decode()


def test_posting_credentials_logs_in_the_new_person_at_a_shared_desk(client, clerk, leader):
    client.force_login(leader)
    response = client.post(reverse("accounts:login"),
                           {"username": "clerk_T01", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == clerk
