from datetime import timedelta

from alerts.models import Alert
from backlog import services
from backlog.models import BacklogReminder
from core.jobs import run_job
from tests.builders import make_case


def test_flag_overdue_raises_one_alert_per_late_case_and_a_rerun_raises_nothing(
        city_officer, campaign, t01, leader, today):
    late = make_case(city_officer, campaign, t01, leader, title="late", due_in=5)
    make_case(city_officer, campaign, t01, leader, title="on time", due_in=30)
    as_of = today + timedelta(days=10)
    lines = run_job("flag_overdue", as_of=as_of)
    assert [line for line in lines if "backlog" in line] == [
        f"backlog_overdue case {late.pk} due {late.due_on}"]
    alert = Alert.objects.get(kind="backlog_overdue")
    assert (alert.target_type, alert.target_id, alert.org_unit, alert.due_on, alert.raised_on
            ) == ("backlog_case", late.pk, t01, late.due_on, as_of)
    assert [line for line in run_job("flag_overdue", as_of=as_of) if "backlog" in line] == []
    assert Alert.objects.filter(kind="backlog_overdue").count() == 1


def test_the_alert_clears_once_the_case_is_resolved(city_officer, campaign, t01, leader,
                                                   today):
    case = make_case(city_officer, campaign, t01, leader, due_in=1, assigned_ago=30)
    run_job("flag_overdue", as_of=today + timedelta(days=3))
    services.case_submit_plan(case_id=case.pk, actor=leader, plan="方案")
    services.case_resolve(case_id=case.pk, actor=leader, on=today, outcome="已化解")
    run_job("flag_overdue", as_of=today + timedelta(days=4))
    assert Alert.objects.get(kind="backlog_overdue").cleared_on == today + timedelta(days=4)


def backlog_reminders(as_of):
    # send_reminders also runs the screening reminders; this test is about the backlog's.
    return [line for line in run_job("send_reminders", as_of=as_of)
            if line.startswith("backlog reminder")]


def test_reminders_go_to_the_leader_once_before_the_deadline(city_officer, campaign, t01,
                                                             leader, today):
    case = make_case(city_officer, campaign, t01, leader, due_in=10)
    assert backlog_reminders(today) == []  # 10 days out: nothing yet
    lines = backlog_reminders(today + timedelta(days=4))  # 6 days out
    assert lines == [f"backlog reminder (7d) case {case.pk} to user {leader.pk}, "
                     f"due {case.due_on}"]
    assert backlog_reminders(today + timedelta(days=5)) == []
    assert backlog_reminders(today + timedelta(days=9)) == [  # the 1-day one
        f"backlog reminder (1d) case {case.pk} to user {leader.pk}, due {case.due_on}"]
    assert backlog_reminders(today + timedelta(days=9)) == []
    assert list(BacklogReminder.objects.values_list("recipient__username", "days_before")
                .order_by("-days_before")) == [("leader_T01", 7), ("leader_T01", 1)]
