import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import roles
from core.errors import TransitionError
from stability import services
from stability.models import MatterEvent, RiskMatter
from tests.builders import days_ago, make_matter, make_user, register

pytestmark = pytest.mark.django_db


def test_a_new_matter_is_open_and_its_creation_is_an_event(matter, clerk):
    assert matter.status == RiskMatter.Status.OPEN
    assert matter.source == RiskMatter.Source.DIRECT
    event = matter.events.get()
    assert (event.action, event.actor, event.to_status) == ("create", clerk, "open")


def test_the_first_contact_puts_the_matter_in_progress(matter, leader):
    contact = services.matter_log_contact(matter_id=matter.pk, actor=leader, on=days_ago(2),
                                          summary="村民代表反映分配方案未经讨论",
                                          outcome="同意召开村民代表会议", next_step="两周内开会")
    matter.refresh_from_db()
    assert matter.status == RiskMatter.Status.IN_PROGRESS
    assert contact.met_by == leader
    event = matter.events.get(action="log_contact")
    assert (event.from_status, event.to_status) == ("open", "in_progress")


def test_a_second_contact_keeps_the_matter_in_progress(matter, leader):
    for day in (5, 3):
        services.matter_log_contact(matter_id=matter.pk, actor=leader, on=days_ago(day),
                                    summary="座谈", outcome="继续协商")
    matter.refresh_from_db()
    assert matter.status == "in_progress"
    assert matter.contacts.count() == 2


def test_resolving_records_the_day_and_outcome(matter, leader):
    services.matter_resolve(matter_id=matter.pk, actor=leader, on=days_ago(1),
                            outcome="补偿款已按新方案发放，村民息诉罢访")
    matter.refresh_from_db()
    assert (matter.status, matter.resolved_on) == ("resolved", days_ago(1))
    assert MatterEvent.objects.filter(matter=matter, action="resolve",
                                      from_status="open", to_status="resolved").exists()


def test_a_resolved_matter_cannot_be_resolved_again_nor_take_contacts(matter, leader):
    services.matter_resolve(matter_id=matter.pk, actor=leader, on=days_ago(1), outcome="已化解")
    with pytest.raises(TransitionError):
        services.matter_resolve(matter_id=matter.pk, actor=leader, on=days_ago(0), outcome="x")
    with pytest.raises(TransitionError):
        services.matter_log_contact(matter_id=matter.pk, actor=leader, on=days_ago(0),
                                    summary="x", outcome="y")
    with pytest.raises(TransitionError):
        services.matter_update_plan(matter_id=matter.pk, actor=leader, plan="新方案")
    assert matter.events.count() == 2


@pytest.mark.parametrize("day", [-1, 31])
def test_a_contact_dated_in_the_future_or_before_the_matter_is_refused(matter, leader, day):
    with pytest.raises(ValidationError) as error:
        services.matter_log_contact(matter_id=matter.pk, actor=leader, on=days_ago(day),
                                    summary="x", outcome="y")
    assert "on" in error.value.message_dict
    assert matter.contacts.count() == 0


def test_resolution_cannot_predate_the_last_contact(matter, leader):
    services.matter_log_contact(matter_id=matter.pk, actor=leader, on=days_ago(3),
                                summary="座谈", outcome="达成初步共识")
    with pytest.raises(ValidationError):
        services.matter_resolve(matter_id=matter.pk, actor=leader, on=days_ago(5), outcome="x")


def test_updating_the_plan_and_risk_level_is_logged(matter, clerk):
    services.matter_update_plan(matter_id=matter.pk, actor=clerk, plan="分户公示", risk_level="medium")
    matter.refresh_from_db()
    assert (matter.plan, matter.risk_level) == ("分户公示", "medium")
    event = matter.events.get(action="update_plan")
    assert event.data == {"risk_from": "high", "risk_to": "medium"}


def test_the_leader_in_charge_must_lead_the_unit(clerk, t01, t02):
    other_leader = make_user("leader_T02", t02, roles.LEADER)
    with pytest.raises(ValidationError) as error:
        make_matter(actor=clerk, unit=t01, leader=other_leader)
    assert "leader" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_matter(actor=clerk, unit=t01, leader=clerk)


def test_a_township_leader_can_lead_a_village_matter(clerk, t01_village, leader):
    matter = make_matter(actor=clerk, unit=t01_village, leader=leader)
    assert matter.leader == leader


def test_an_outsider_cannot_register_or_act_on_another_units_matter(matter, outsider, t01,
                                                                    leader):
    with pytest.raises(PermissionDenied):
        make_matter(actor=outsider, unit=t01, leader=leader)
    with pytest.raises(PermissionDenied):
        services.matter_log_contact(matter_id=matter.pk, actor=outsider, on=days_ago(1),
                                    summary="x", outcome="y")


def test_a_high_risk_screening_item_is_raised_in_one_click(high_item, clerk, t01, leader):
    matter = services.matter_raise_from_screening_item(item=high_item, actor=clerk)
    assert (matter.source, matter.screening_item) == ("screening_item", high_item)
    assert (matter.title, matter.category, matter.org_unit) == ("工业园企业夜间异味扰民",
                                                                 "environment", t01)
    assert (matter.people_involved, matter.people_count) == ("周边两个小区居民", 80)
    assert matter.leader == leader  # the unit's leader by default
    assert matter.plan == "督促企业整改"
    assert list(high_item.raised_matters.all()) == [matter]


def test_a_low_risk_or_already_raised_item_is_not_raised(high_item, clerk, leader):
    services.matter_raise_from_screening_item(item=high_item, actor=clerk)
    with pytest.raises(TransitionError):
        services.matter_raise_from_screening_item(item=high_item, actor=clerk)
    RiskMatter.objects.update(screening_item=None)  # unlinked: only the risk level stops it
    high_item.risk_level = "low"
    high_item.save()
    with pytest.raises(TransitionError):
        services.matter_raise_from_screening_item(item=high_item, actor=clerk)
    assert RiskMatter.objects.count() == 1


def test_a_collective_petition_is_raised_with_its_headcount(clerk, t01, leader):
    petition = register(clerk, t01, ids=range(1, 13), title="三组村民集体反映征地补偿",
                        category="land_demolition")
    assert petition.is_collective
    matter = services.matter_raise_from_petition(petition=petition, actor=clerk)
    assert (matter.source, matter.petition, matter.people_count) == ("petition", petition, 12)
    assert (matter.title, matter.category, matter.risk_level) == (
        "三组村民集体反映征地补偿", "land_demolition", "high")
    assert "12" in matter.people_involved
    with pytest.raises(TransitionError):
        services.matter_raise_from_petition(petition=petition, actor=clerk)


def test_a_petition_of_one_person_is_not_raised(clerk, t01, leader):
    with pytest.raises(TransitionError):
        services.matter_raise_from_petition(petition=register(clerk, t01), actor=clerk)
    assert not RiskMatter.objects.exists()
