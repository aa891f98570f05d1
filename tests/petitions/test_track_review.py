"""The petitioner's side (issue 20, item 8): the follow-up page is linked from the login
page, shows the deadlines that apply and takes a request for review within 30 days,
which the clerk confirms as the review request."""

from datetime import date

import pytest

from alerts.models import Notification
from petitions import services as sv
from petitions.models import Petition
from tests.builders import client_for, pin_clock, register

URL = "/petitions/track/"


@pytest.fixture(autouse=True)
def _own_cache(settings):
    # A private cache: the throttle counters of the shared Redis belong to test_track.py.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "track-review"}}


@pytest.fixture
def replied(clerk, t01, time_machine):
    pin_clock(time_machine, date(2026, 10, 20))
    p = register(clerk, t01)
    sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 9, 17))
    return sv.petition_reply(petition_id=p.pk, actor=clerk, on=date(2026, 10, 9),
                             opinion="已责令整改")


def look(client, p, **extra):
    return client.post(URL, {"number": p.number, "query_code": p.query_code, **extra})


def test_the_login_page_links_the_follow_up_page(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'data-testid="track-link"' in page and f'href="{URL}"' in page


def test_the_page_shows_the_deadlines_that_apply(client, replied):
    html = look(client, replied).content.decode()
    deadlines = html.split('data-testid="track-deadlines">')[1].split("</ul>")[0]
    assert "受理" in deadlines and "2026-10-08" in deadlines  # decided: done
    assert "复查" in deadlines and replied.review_request_due.isoformat() in deadlines
    assert 'data-testid="track-ask-review"' in html


def test_the_petitioner_asks_for_review_and_the_clerk_confirms_it(client, replied, clerk, t01):
    refused = look(client, replied, ask_review="1", reason=" ").content.decode()
    assert Petition.objects.get(pk=replied.pk).review_asked_online_on is None
    assert "请说明" in refused
    html = look(client, replied, ask_review="1", reason="处理意见未回应赔偿诉求").content.decode()
    assert 'data-testid="track-review-asked"' in html
    p = Petition.objects.get(pk=replied.pk)
    assert (p.status, p.review_asked_online_on) == ("replied", date(2026, 10, 20))
    assert p.events.filter(action="ask_review_online").exists()
    note = Notification.objects.get(org_unit=t01, kind="review_ask")
    assert p.number in note.text
    # Asked once: the page no longer offers it.
    again = look(client, replied, ask_review="1", reason="再次申请").content.decode()
    assert 'data-testid="track-ask-review"' not in again
    assert p.events.filter(action="ask_review_online").count() == 1
    c = client_for(client, clerk)
    page = c.get(f"/petitions/{p.pk}/").content.decode()
    assert 'data-testid="review-asked-online"' in page and "处理意见未回应赔偿诉求" in page
    assert 'value="2026-10-20"' in page  # the confirmation is dated the day they asked
    pin_clock_later = date(2026, 11, 18)  # confirmed after the window: the ask counts
    assert pin_clock_later > p.review_request_due
    sv.petition_request_review(petition_id=p.pk, actor=clerk, on=p.review_asked_online_on,
                               today=pin_clock_later)
    p.refresh_from_db()
    assert (p.status, p.review_requested_on, p.review_asked_online_on) == (
        "under_review", date(2026, 10, 20), None)


def test_after_the_30_days_the_page_refuses_the_request(client, replied, time_machine):
    pin_clock(time_machine, date(2026, 11, 18))
    html = look(client, replied, ask_review="1", reason="不服").content.decode()
    assert 'data-testid="track-ask-review"' not in html
    assert Petition.objects.get(pk=replied.pk).review_asked_online_on is None
    with pytest.raises(Exception, match="30"):
        sv.petition_ask_review_online(petition_id=replied.pk, reason="不服",
                                      today=date(2026, 11, 18))
