"""Re-review hearings (听证): their days do not count towards the deadline."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.errors import TransitionError
from petitions import services as sv
from petitions.models import PetitionEvent
from tests.builders import register


@pytest.fixture
def under_recheck(clerk, t01):
    p = register(clerk, t01)  # received 2026-09-16
    sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 9, 17))
    sv.petition_reply(petition_id=p.pk, actor=clerk, on=date(2026, 9, 20), opinion="已答复")
    sv.petition_request_review(petition_id=p.pk, actor=clerk, on=date(2026, 9, 25))
    sv.petition_review_reply(petition_id=p.pk, actor=clerk, on=date(2026, 10, 15),
                             opinion="维持")
    return sv.petition_request_recheck(petition_id=p.pk, actor=clerk, on=date(2026, 10, 20))


def test_a_hearing_moves_the_re_review_deadline_by_its_days(under_recheck, clerk):
    assert under_recheck.recheck_due == date(2026, 11, 19)
    p = sv.petition_record_hearing(petition_id=under_recheck.pk, actor=clerk,
                                   on=date(2026, 10, 25), days=10)
    # 2026-10-20 + 40 days = 11-29, a Sunday: the next working day.
    assert (p.hearing_days, p.recheck_due, p.current_due) == (
        10, date(2026, 11, 30), date(2026, 11, 30))
    event = PetitionEvent.objects.get(petition=p, action="record_hearing")
    assert event.data == {"on": "2026-10-25", "days": 10}
    assert event.actor == clerk


def test_two_hearings_add_up(under_recheck, clerk):
    sv.petition_record_hearing(petition_id=under_recheck.pk, actor=clerk,
                               on=date(2026, 10, 25), days=5)
    p = sv.petition_record_hearing(petition_id=under_recheck.pk, actor=clerk,
                                   on=date(2026, 11, 2), days=5)
    assert p.hearing_days == 10
    assert p.recheck_due == date(2026, 11, 30)


def test_a_hearing_outside_re_review_is_refused(clerk, t01):
    p = register(clerk, t01)
    with pytest.raises(TransitionError):
        sv.petition_record_hearing(petition_id=p.pk, actor=clerk, on=date(2026, 9, 17), days=3)


def test_bad_hearing_input_changes_nothing(under_recheck, clerk):
    for on, days in [(date(2026, 10, 19), 3), (date(2026, 10, 25), 0),
                     (date(2026, 10, 25), 61), (date(2099, 1, 1), 3)]:
        with pytest.raises(ValidationError):
            sv.petition_record_hearing(petition_id=under_recheck.pk, actor=clerk, on=on,
                                       days=days)
    under_recheck.refresh_from_db()
    assert under_recheck.hearing_days == 0
    assert under_recheck.recheck_due == date(2026, 11, 19)


def test_the_api_records_a_hearing(api, clerk, under_recheck):
    api.force_authenticate(clerk)
    response = api.post(f"/api/v1/petitions/{under_recheck.pk}/record_hearing/",
                        {"on": "2026-10-25", "days": 10}, format="json")
    assert response.status_code == 200
    assert response.json()["recheck_due"] == "2026-11-30"
    assert response.json()["hearing_days"] == 10


def test_the_page_offers_the_hearing_form_during_re_review(client, clerk, under_recheck):
    client.force_login(clerk)
    body = client.get(f"/petitions/{under_recheck.pk}/").content.decode()
    assert 'data-testid="do-record_hearing"' in body
