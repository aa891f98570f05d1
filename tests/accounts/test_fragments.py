"""Issue 17, item 11: an htmx fragment (the bell) is never redirected to a page."""

import pytest

HX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_ROLES = ("admin", "supervisor")


def test_the_bell_of_a_supervisor_before_two_factor_set_up_is_empty_not_the_setup_form(
        client, supervisor, required):
    client.force_login(supervisor)
    response = client.get("/supervision/bell/", **HX)
    assert response.status_code == 204 and response.content == b""
    # The page itself still goes to the set-up, and says why once, not twice.
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    html = page.content.decode()
    assert page.redirect_chain[-1][0] == "/accounts/two-factor/setup/"
    assert html.count('data-testid="otp-secret"') == 1
    # The bell's request left no message behind for the page to show a second time.
    assert html.count('role="alert"') == 1


def test_the_bell_of_a_signed_out_page_gets_401(client):
    response = client.get("/supervision/bell/", **HX)
    assert response.status_code == 401 and b"<form" not in response.content


def test_a_page_request_still_gets_the_redirect(client, supervisor, required):
    client.force_login(supervisor)
    assert client.get("/supervision/bell/").status_code == 302
    client.logout()
    assert client.get("/supervision/bell/").status_code == 302
