"""三级终结 (issue 18, item 7): a matter closed after re-review is not accepted
again on the same facts; the city office may override it for new facts, audited."""

from datetime import date

import pytest

from audit.models import AuditEntry
from core.errors import TransitionError
from petitions import services as sv
from petitions.models import PetitionEvent
from tests.builders import client_for, register

URL = "/api/v1/petitions/"


def rechecked(clerk, leader, unit, *, ids=(1,), category="environment", close=False):
    """A petition taken through review and re-review (2026 dates)."""
    p = register(clerk, unit, ids=ids, category=category, received_on=date(2026, 1, 5))
    sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 1, 6))
    sv.petition_reply(petition_id=p.pk, actor=clerk, on=date(2026, 2, 10), opinion="已处理")
    sv.petition_request_review(petition_id=p.pk, actor=clerk, on=date(2026, 2, 20))
    sv.petition_review_reply(petition_id=p.pk, actor=clerk, on=date(2026, 3, 10), opinion="维持")
    sv.petition_request_recheck(petition_id=p.pk, actor=clerk, on=date(2026, 3, 20))
    sv.petition_recheck_reply(petition_id=p.pk, actor=clerk, on=date(2026, 4, 10),
                              opinion="维持")
    if close:
        sv.petition_close(petition_id=p.pk, actor=clerk, on=date(2026, 4, 12))
    return p


@pytest.fixture
def earlier(clerk, leader, t01):
    return rechecked(clerk, leader, t01)


@pytest.fixture
def again(clerk, t01, earlier):
    return register(clerk, t01, ids=(1,), category="environment", received_on=date(2026, 9, 16))


def test_accept_refuses_a_matter_closed_after_recheck_naming_the_earlier_number(
        clerk, earlier, again):
    with pytest.raises(TransitionError) as e:
        sv.petition_accept(petition_id=again.pk, actor=clerk, on=date(2026, 9, 17))
    assert earlier.number in str(e.value.message)
    again.refresh_from_db()
    assert again.status == "registered"


def test_a_closed_matter_after_recheck_is_refused_too(clerk, leader, t01):
    first = rechecked(clerk, leader, t01, ids=(2,), close=True)
    p = register(clerk, t01, ids=(2,), category="environment", received_on=date(2026, 9, 16))
    with pytest.raises(TransitionError) as e:
        sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 9, 17))
    assert first.number in str(e.value.message)


def test_another_matter_or_a_matter_only_reviewed_is_accepted(clerk, t01, earlier):
    other = register(clerk, t01, ids=(1,), category="other", received_on=date(2026, 9, 16))
    sv.petition_accept(petition_id=other.pk, actor=clerk, on=date(2026, 9, 17))
    reviewed = register(clerk, t01, ids=(3,), received_on=date(2026, 1, 5))
    sv.petition_accept(petition_id=reviewed.pk, actor=clerk, on=date(2026, 1, 6))
    sv.petition_reply(petition_id=reviewed.pk, actor=clerk, on=date(2026, 2, 1), opinion="x")
    sv.petition_close(petition_id=reviewed.pk, actor=clerk, on=date(2026, 2, 2))
    p = register(clerk, t01, ids=(3,), received_on=date(2026, 9, 16))
    assert sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 9, 17)).status == (
        "accepted")


def test_the_api_answers_409_with_the_earlier_number(api, clerk, earlier, again):
    api.force_authenticate(clerk)
    r = api.post(f"{URL}{again.pk}/accept/", {"on": "2026-09-17"}, format="json")
    assert r.status_code == 409 and earlier.number in r.json()["detail"]


def test_only_the_city_office_overrides(api, clerk, earlier, again):
    api.force_authenticate(clerk)
    r = api.post(f"{URL}{again.pk}/accept/", {"on": "2026-09-17", "override_reason": "新证据"},
                 format="json")
    assert r.status_code == 403


def test_the_city_override_accepts_with_an_event_and_an_audit_row(api, city_officer, earlier,
                                                                    again):
    api.force_authenticate(city_officer)
    r = api.post(f"{URL}{again.pk}/accept/",
                 {"on": "2026-09-17", "override_reason": "出现新的事实：补偿标准调整"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    event = PetitionEvent.objects.get(petition=again, action="accept_override")
    assert event.note == "出现新的事实：补偿标准调整" and event.data["earlier"] == earlier.number
    entry = AuditEntry.objects.get(action="termination_override")
    assert entry.data["earlier"] == earlier.number and entry.actor == city_officer


def test_the_page_shows_the_refusal_and_offers_the_override_to_the_city(
        client, clerk, city_officer, earlier, again):
    client_for(client, clerk)
    r = client.post(f"/petitions/{again.pk}/act/accept/", {"accept-on": "2026-09-17"},
                    follow=True)
    assert earlier.number in r.content.decode() and "三级终结" in r.content.decode()
    assert "accept-override_reason" not in client.get(f"/petitions/{again.pk}/").content.decode()
    client_for(client, city_officer)
    html = client.get(f"/petitions/{again.pk}/").content.decode()
    assert "accept-override_reason" in html
    r = client.post(f"/petitions/{again.pk}/act/accept/",
                    {"accept-on": "2026-09-17", "accept-override_reason": "新事实"})
    assert r.status_code == 302
    html = client.get(f"/petitions/{again.pk}/").content.decode()
    assert "破例受理" in html  # the timeline's label, not the code
