"""A create form or API call submitted twice makes one record (issue 17)."""

import re
import threading

import pytest
from django.db import connection
from django.urls import reverse

from idempotency.models import IdempotencyKey
from idempotency.services import create_once
from petitions.models import Petition
from tests.builders import id_number, register


@pytest.fixture(autouse=True)
def _registrations_in_december(december):
    """The registrations post fixed 2026 dates: post them on a pinned day."""

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def petition_post(t01, key):
    return {"once": key, "channel": "visit", "received_on": "2026-11-20", "org_unit": t01.code,
            "category": "environment", "level": "local", "headcount": "1", "title": "河道污染",
            "content": "工厂排污，请求处理。", "p-TOTAL_FORMS": "1", "p-INITIAL_FORMS": "0",
            "p-MIN_NUM_FORMS": "1", "p-MAX_NUM_FORMS": "20", "p-0-name": "张三",
            "p-0-id_number": id_number(7), "p-0-phone": "", "p-0-address": ""}


def test_the_register_form_carries_a_one_time_token(client, clerk):
    client.force_login(clerk)
    html = client.get(reverse("petitions:new"), **ZH).content.decode()
    assert re.search(r'<input type="hidden" name="once" value="[0-9a-f]{32}">', html)


def test_submitting_the_same_form_twice_shows_the_first_petition(client, clerk, t01):
    client.force_login(client_user := clerk)
    first = client.post(reverse("petitions:new"), petition_post(t01, "a" * 32), **ZH)
    p = Petition.objects.get()
    assert first.url == reverse("petitions:detail", args=[p.pk])
    again = client.post(reverse("petitions:new"), petition_post(t01, "a" * 32), follow=True, **ZH)
    assert Petition.objects.count() == 1
    assert again.redirect_chain[-1][0] == reverse("petitions:detail", args=[p.pk])
    assert "该登记已提交，未重复创建" in again.content.decode()
    assert IdempotencyKey.objects.get().user == client_user


def test_a_new_form_token_registers_a_new_petition(client, clerk, t01):
    client.force_login(clerk)
    client.post(reverse("petitions:new"), petition_post(t01, "a" * 32), **ZH)
    client.post(reverse("petitions:new"), petition_post(t01, "b" * 32), **ZH)
    assert Petition.objects.count() == 2


def test_a_refused_submission_leaves_the_token_usable(client, clerk, t01):
    client.force_login(clerk)
    bad = petition_post(t01, "a" * 32) | {"received_on": "2099-01-01"}
    assert client.post(reverse("petitions:new"), bad, **ZH).status_code == 200
    assert Petition.objects.count() == 0
    client.post(reverse("petitions:new"), petition_post(t01, "a" * 32), **ZH)
    assert Petition.objects.count() == 1


def test_the_matter_form_is_also_once_only(client, clerk, leader, t01):
    client.force_login(clerk)
    data = {"once": "c" * 32, "title": "东风村征地补偿款分配争议", "category": "land_demolition",
            "org_unit": t01.pk, "risk_level": "high", "people_involved": "三组约40户村民",
            "leader": leader.pk, "plan": ""}
    client.post(reverse("stability:new"), data, **ZH)
    again = client.post(reverse("stability:new"), data, **ZH)
    from stability.models import RiskMatter
    matter = RiskMatter.objects.get()
    assert again.url == reverse("stability:detail", args=[matter.pk])


# --------------------------------------------------------------------- API

def api_body():
    return {"channel": "visit", "received_on": "2026-11-20", "org_unit": "T01",
            "category": "environment", "level": "local", "title": "河道污染",
            "content": "工厂排污", "headcount": 1,
            "petitioners": [{"name": "张三", "id_number": id_number(8)}]}


def test_the_api_answers_a_repeated_idempotency_key_with_the_first_answer(api, clerk, t01):
    api.force_authenticate(clerk)
    url = reverse("petition-list")
    first = api.post(url, api_body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post(url, api_body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Petition.objects.count() == 1


def test_the_same_key_from_another_user_is_another_request(api, clerk, t01, city_officer):
    url = reverse("petition-list")
    api.force_authenticate(clerk)
    api.post(url, api_body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    api.force_authenticate(city_officer)
    api.post(url, api_body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert Petition.objects.count() == 2


def test_an_api_error_does_not_use_up_the_key(api, clerk, t01):
    api.force_authenticate(clerk)
    url = reverse("petition-list")
    bad = api.post(url, api_body() | {"title": ""}, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert bad.status_code == 400
    ok = api.post(url, api_body(), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert ok.status_code == 201


def test_without_a_key_the_api_creates_as_before(api, clerk, t01):
    api.force_authenticate(clerk)
    api.post(reverse("petition-list"), api_body(), format="json")
    api.post(reverse("petition-list"), api_body(), format="json")
    assert Petition.objects.count() == 2


# ------------------------------------------------------- two in flight at once

@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's locks")
def test_two_submissions_in_flight_create_one_petition(clerk, t01):
    barrier, results = threading.Barrier(2), []

    def worker():
        barrier.wait()
        try:
            results.append(create_once(user=clerk, key="d" * 32, scope="/petitions/new/",
                                       create=lambda: register(clerk, t01, ids=(5,))))
        except Exception as e:  # noqa: BLE001 - the outcome is what we count
            results.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.first for r in results) == [False, True], results
    assert results[0].pk == results[1].pk
    assert Petition.objects.count() == 1
