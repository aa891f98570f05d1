"""Registration and every transition of api.md's action table, through the services."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.crypto import keyed_hash
from core.errors import TransitionError
from petitions import services as sv
from petitions.models import Petition, Petitioner, PetitionEvent
from tests.builders import id_number, register


def test_register_numbers_sequentially_per_year(clerk, t01):
    first = register(clerk, t01)
    second = register(clerk, t01, ids=(2,))
    older = register(clerk, t01, ids=(3,), received_on=date(2025, 12, 30))
    assert (first.number, second.number) == ("XF-2026-000001", "XF-2026-000002")
    assert older.number == "XF-2025-000001"


def test_register_computes_acceptance_due_over_national_day(petition):
    assert petition.status == "registered"
    assert petition.acceptance_due == date(2026, 10, 8)
    assert petition.current_due == date(2026, 10, 8)
    assert petition.deadline_policy == "calendar"


def test_register_stores_no_plain_id_number(petition):
    person = petition.petitioners.get()
    plain = id_number(1)
    assert plain not in person.id_number_encrypted
    assert person.id_hash == keyed_hash(plain)
    assert person.id_masked == plain[:6] + "********" + plain[-4:]
    assert person.id_number == plain


def test_register_rejects_a_bad_check_digit_and_saves_nothing(clerk, t01, december):
    bad = id_number(1)[:17] + ("0" if id_number(1)[17] != "0" else "1")
    with pytest.raises(ValidationError) as e:
        sv.petition_register(actor=clerk, channel="visit", received_on=date(2026, 9, 1),
                             org_unit=t01, category="other", title="t", content="c",
                             headcount=1, level="local",
                             petitioners=[{"name": "李四", "id_number": bad}])
    assert "petitioners" in e.value.message_dict
    assert not Petition.objects.exists()
    assert not Petitioner.objects.exists()


def test_register_rejects_a_future_date(clerk, t01):
    with pytest.raises(ValidationError) as e:
        register(clerk, t01, received_on=date(2099, 1, 1))
    assert "received_on" in e.value.message_dict


def test_register_derives_collective_and_level_skipping(clerk, t01):
    p = register(clerk, t01, ids=(1, 2, 3), headcount=6, level="national")
    assert p.is_collective
    assert p.is_level_skipping
    assert p.is_first
    assert not p.is_repeat


def test_repeat_links_to_the_latest_earlier_petition_on_the_same_matter(clerk, t01):
    a = register(clerk, t01, received_on=date(2026, 3, 2))
    b = register(clerk, t01, received_on=date(2026, 5, 6))
    other_matter = register(clerk, t01, received_on=date(2026, 6, 1), category="other")
    c = register(clerk, t01, received_on=date(2026, 7, 1), level="province")
    assert not a.is_repeat
    assert b.repeat_of == a
    assert not other_matter.is_repeat
    assert c.is_repeat
    assert c.repeat_of == b
    assert not c.is_first
    # Brought here first, so a province-level visit is not level-skipping.
    assert not c.is_level_skipping
    assert Petitioner.objects.count() == 1


def test_repeat_after_re_review_is_flagged_not_acceptable_again(clerk, leader, t01):
    p = register(clerk, t01, received_on=date(2026, 1, 5))
    for fn, kw in _path_to("rechecked"):
        fn(petition_id=p.pk, actor=clerk if fn is not sv.petition_extend else leader, **kw)
    again = register(clerk, t01, received_on=date(2026, 9, 1))
    assert again.repeat_of == p
    assert again.not_acceptable_again


def _path_to(status):
    steps = [
        (sv.petition_accept, {"on": date(2026, 1, 8)}),
        (sv.petition_reply, {"on": date(2026, 2, 27), "opinion": "已整改"}),
        (sv.petition_request_review, {"on": date(2026, 3, 10)}),
        (sv.petition_review_reply, {"on": date(2026, 4, 1), "opinion": "维持"}),
        (sv.petition_request_recheck, {"on": date(2026, 4, 20)}),
        (sv.petition_recheck_reply, {"on": date(2026, 5, 15), "opinion": "维持"}),
    ]
    stop = {"accepted": 1, "replied": 2, "under_review": 3, "reviewed": 4,
            "under_recheck": 5, "rechecked": 6}[status]
    return steps[:stop]


def advance(p, status, actor):
    for fn, kw in _path_to(status):
        fn(petition_id=p.pk, actor=actor, **kw)
    p.refresh_from_db()
    return p


@pytest.fixture
def early(clerk, t01):
    return register(clerk, t01, received_on=date(2026, 1, 5))


def test_accept_sets_handling_due_and_writes_an_event(early, clerk):
    p = sv.petition_accept(petition_id=early.pk, actor=clerk, on=date(2026, 1, 8))
    # 01-08 + 60 = 03-09 (a Monday).
    assert p.status == "accepted"
    assert p.handling_due == date(2026, 3, 9)
    assert p.current_due == p.handling_due
    ev = PetitionEvent.objects.filter(petition=p).last()
    assert (ev.action, ev.actor, ev.from_status, ev.to_status) == (
        "accept", clerk, "registered", "accepted")


def test_accept_twice_is_a_transition_error(early, clerk):
    sv.petition_accept(petition_id=early.pk, actor=clerk, on=date(2026, 1, 8))
    with pytest.raises(TransitionError):
        sv.petition_accept(petition_id=early.pk, actor=clerk, on=date(2026, 1, 9))
    assert PetitionEvent.objects.filter(petition=early, action="accept").count() == 1


@pytest.mark.parametrize("on", [date(2026, 1, 4), date(2099, 1, 1)])
def test_accept_rejects_dates_before_receipt_or_in_the_future(early, clerk, on):
    with pytest.raises(ValidationError) as e:
        sv.petition_accept(petition_id=early.pk, actor=clerk, on=on)
    assert "on" in e.value.message_dict
    early.refresh_from_db()
    assert early.status == "registered"


def test_a_supervisor_may_not_accept(early, supervisor):
    with pytest.raises(PermissionDenied):
        sv.petition_accept(petition_id=early.pk, actor=supervisor, on=date(2026, 1, 8))


def test_decline_and_forward_are_terminal(clerk, t01):
    a = register(clerk, t01, ids=(5,))
    b = register(clerk, t01, ids=(6,))
    a = sv.petition_decline(petition_id=a.pk, actor=clerk, on=date(2026, 9, 18), reason="不属于")
    b = sv.petition_forward(petition_id=b.pk, actor=clerk, on=date(2026, 9, 18), agency="法院")
    assert (a.status, a.current_due, b.status, b.forward_agency) == (
        "declined", None, "forwarded", "法院")
    with pytest.raises(TransitionError):
        sv.petition_accept(petition_id=a.pk, actor=clerk, on=date(2026, 9, 20))


def test_decline_requires_a_reason(petition, clerk):
    with pytest.raises(ValidationError) as e:
        sv.petition_decline(petition_id=petition.pk, actor=clerk, on=date(2026, 9, 18), reason=" ")
    assert "reason" in e.value.message_dict


def test_assign_sets_the_handling_unit_within_scope(early, clerk, t01_village, t02):
    advance(early, "accepted", clerk)
    with pytest.raises(ValidationError):
        sv.petition_assign(petition_id=early.pk, actor=clerk, org_unit=t02)
    p = sv.petition_assign(petition_id=early.pk, actor=clerk, org_unit=t01_village)
    assert p.status == "assigned"
    assert p.handling_unit == t01_village


def test_extend_needs_the_leader_and_happens_once(early, clerk, leader):
    advance(early, "accepted", clerk)
    with pytest.raises(PermissionDenied):
        sv.petition_extend(petition_id=early.pk, actor=clerk, days=10, reason="需调查")
    with pytest.raises(ValidationError):
        sv.petition_extend(petition_id=early.pk, actor=leader, days=31, reason="需调查")
    p = sv.petition_extend(petition_id=early.pk, actor=leader, days=30, reason="需调查")
    # 01-08 + 90 = 04-08 (a Wednesday).
    assert p.extended_days == 30
    assert p.handling_due == date(2026, 4, 8)
    with pytest.raises(TransitionError):
        sv.petition_extend(petition_id=early.pk, actor=leader, days=5, reason="再延")


def test_reply_opens_the_review_window(early, clerk):
    p = advance(early, "replied", clerk)
    # 02-27 + 30 = 03-29 (Sunday) -> 03-30.
    assert p.status == "replied"
    assert p.review_request_due == date(2026, 3, 30)
    assert p.current_due is None


def test_reply_before_acceptance_is_a_bad_date(early, clerk):
    advance(early, "accepted", clerk)
    with pytest.raises(ValidationError):
        sv.petition_reply(petition_id=early.pk, actor=clerk, on=date(2026, 1, 7), opinion="x")


def test_request_review_after_the_window_is_a_transition_error(early, clerk):
    advance(early, "replied", clerk)
    with pytest.raises(TransitionError):
        sv.petition_request_review(petition_id=early.pk, actor=clerk, on=date(2026, 3, 31))


def test_the_full_review_and_re_review_path(early, clerk):
    p = advance(early, "under_review", clerk)
    assert p.review_due == date(2026, 4, 9)
    assert p.current_due == p.review_due
    p = advance_from(p, clerk, 3, 4)
    assert p.status == "reviewed"
    assert p.recheck_request_due == date(2026, 5, 6)
    p = advance_from(p, clerk, 4, 5)
    # 04-20 + 30 = 05-20.
    assert p.status == "under_recheck"
    assert p.recheck_due == date(2026, 5, 20)
    p = advance_from(p, clerk, 5, 6)
    assert p.status == "rechecked"
    assert p.current_due is None
    p = sv.petition_close(petition_id=p.pk, actor=clerk, on=date(2026, 5, 20),
                          satisfaction="dissatisfied")
    assert p.status == "closed"
    assert p.satisfaction == "dissatisfied"
    actions = list(PetitionEvent.objects.filter(petition=p).values_list("action", flat=True))
    assert actions == ["register", "accept", "reply", "request_review", "review_reply",
                       "request_recheck", "recheck_reply", "close"]


def advance_from(p, actor, start, stop):
    for fn, kw in _path_to("rechecked")[start:stop]:
        fn(petition_id=p.pk, actor=actor, **kw)
    p.refresh_from_db()
    return p


def test_close_needs_a_reply_first(early, clerk):
    advance(early, "accepted", clerk)
    with pytest.raises(TransitionError):
        sv.petition_close(petition_id=early.pk, actor=clerk, on=date(2026, 3, 1))


def test_reveal_is_logged_and_denied_to_supervisors(petition, clerk, supervisor):
    person = petition.petitioners.get()
    assert sv.petition_reveal_id(petition=petition, petitioner=person, actor=clerk) == id_number(1)
    ev = PetitionEvent.objects.get(action="reveal_id")
    assert ev.actor == clerk
    assert ev.data == {"petitioner": person.pk}
    with pytest.raises(PermissionDenied):
        sv.petition_reveal_id(petition=petition, petitioner=person, actor=supervisor)
