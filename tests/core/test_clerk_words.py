"""Messages a clerk understands, and required fields marked (issue 17)."""

import re

from django.urls import reverse

from tests.idempotency.test_once import petition_post

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_a_short_id_number_is_explained_in_plain_words(client, clerk, t01):
    client.force_login(clerk)
    data = petition_post(t01, "") | {"p-0-id_number": "11010119800101"}
    html = client.post(reverse("petitions:new"), data, **ZH).content.decode()
    assert "身份证号码应为 18 位，现在填了 14 位。" in html
    assert "确保该变量" not in html


def test_a_registration_without_petitioners_asks_for_one(client, clerk, t01):
    client.force_login(clerk)
    data = petition_post(t01, "") | {"p-TOTAL_FORMS": "0"}
    html = client.post(reverse("petitions:new"), data, **ZH).content.decode()
    assert "请至少填写一名信访人。" in html
    assert "表单" not in html.split("<main")[1].split("</main>")[0]


def test_djangos_own_length_message_reads_plainly(client, city_officer, t01, leader):
    client.force_login(city_officer)
    html = client.post(reverse("stability:new"), {"title": "x" * 201}, **ZH).content.decode()
    assert "最多可填写 200 个字，现在有 201 个。" in html


def test_drop_downs_offer_words_not_dashes(client, clerk, city_officer):
    for person, url in [(clerk, reverse("stability:new")), (clerk, reverse("petitions:list")),
                        (city_officer, reverse("backlog:new"))]:
        client.force_login(person)
        html = client.get(url, **ZH).content.decode()
        assert "---------" not in html, url
        assert "请选择" in html or "全部" in html, url


def test_required_fields_are_marked(client, clerk):
    client.force_login(clerk)
    html = client.get(reverse("petitions:new"), **ZH).content.decode()
    required = re.findall(r'<label class="form-label[^"]*\brequired\b[^"]*" for="id_(\w+)"', html)
    assert {"title", "content", "received_on"} <= set(required)
    assert not re.search(r'<label class="form-label[^"]*\brequired\b[^"]*" for="id_p-0-phone"',
                         html)
