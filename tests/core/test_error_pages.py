"""Error pages in the site's layout and in Chinese, with a way home (issue 17)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from core import error_pages

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_a_missing_record_is_a_chinese_page_with_the_navigation_and_a_way_home(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("petitions:detail", args=[999999]), **ZH)
    html = response.content.decode()
    assert response.status_code == 404
    assert "找不到该页面" in html and "返回首页" in html
    assert 'data-testid="user-menu"' in html  # the site's layout, signed in
    assert "Not Found" not in html


def test_a_refused_role_sees_a_chinese_403_page(client, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("petitions:new"), **ZH)
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权操作" in html and "返回首页" in html and "Forbidden" not in html


def test_an_expired_form_is_a_chinese_page_not_djangos_csrf_message(clerk):
    from django.test import Client
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    response = client.post(reverse("petitions:new"), {}, **ZH)
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


@pytest.mark.parametrize(("handler", "status", "words"), [
    (error_pages.server_error, 500, "系统出错"),
    (error_pages.bad_request, 400, "请求有误"),
])
def test_400_and_500_pages_need_no_request_context(handler, status, words):
    with translation.override("zh-hans"):
        response = handler(RequestFactory().get("/petitions/"))
    html = response.content.decode()
    assert response.status_code == status
    assert words in html and "返回首页" in html and 'href="/"' in html


def test_the_project_uses_these_handlers(rf):
    from config import urls
    from core.guards import server_error

    assert urls.handler404 == "core.error_pages.page_not_found"
    # A dead database is a 503 (core.guards); any other error is our own 500 page.
    assert urls.handler500 == "core.guards.server_error"
    response = server_error(rf.get("/petitions/", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert response.status_code == 500
    assert b"Server Error (500)" not in response.content


def test_the_apis_unknown_address_is_chinese_json(api, clerk):
    api.force_authenticate(clerk)
    response = api.get("/api/v1/no-such-thing/", **ZH)
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到该记录。"}


def test_the_apis_missing_record_is_chinese_json(api, clerk):
    api.force_authenticate(clerk)
    response = api.get("/api/v1/petitions/999999/", **ZH)
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到该记录。"}


def test_malformed_json_is_a_chinese_400(api, clerk):
    api.force_authenticate(clerk)
    response = api.post("/api/v1/petitions/", data="{not json", content_type="application/json",
                        **ZH)
    assert response.status_code == 400
    assert response.json() == {"detail": "请求内容不是有效的 JSON。"}
