from datetime import date

from alerts.jobs import send_digests
from alerts.models import Alert, Notification
from core.jobs import run_job
from supervision import services
from supervision.jobs import flag_overdue_orders

# Due 2026-10-12; National Day week means 2026-10-09 (Friday) is a working day
# and 2026-10-04 (Sunday, holiday) a rest day.


def test_flag_overdue_raises_once_per_order_even_when_run_twice(order):
    first = flag_overdue_orders(as_of=date(2026, 10, 13))
    second = flag_overdue_orders(as_of=date(2026, 10, 13))
    assert first == [f"supervision_overdue: order {order.pk}"]
    assert second == []
    alert = Alert.objects.get()
    assert (alert.kind, alert.target_type, alert.target_id, alert.org_unit_id, alert.due_on,
            alert.raised_on, alert.cleared_on) == (
        "supervision_overdue", "supervision_order", order.pk, order.org_unit_id,
        date(2026, 10, 12), date(2026, 10, 13), None)


def test_flag_overdue_through_the_registry_counts_the_supervision_part(order):
    lines = run_job("flag_overdue", as_of=date(2026, 10, 13))
    assert f"supervision_overdue: order {order.pk}" in lines
    assert run_job("flag_overdue", as_of=date(2026, 10, 13)) == []


def test_an_order_on_its_due_date_is_not_overdue(order):
    assert flag_overdue_orders(as_of=date(2026, 10, 12)) == []


def test_the_alert_clears_when_the_unit_responds(order, clerk):
    flag_overdue_orders(as_of=date(2026, 10, 13))
    services.order_respond(actor=clerk, order_id=order.pk, note="已反馈",
                           today=date(2026, 10, 14))
    assert Alert.objects.get().cleared_on == date(2026, 10, 14)
    assert flag_overdue_orders(as_of=date(2026, 10, 15)) == []
    assert Alert.objects.count() == 1


def test_the_job_clears_alerts_of_orders_no_longer_open(order, clerk):
    flag_overdue_orders(as_of=date(2026, 10, 13))
    # Responded out of band (e.g. a data fix): the job's UPDATE clears it.
    type(order).objects.filter(pk=order.pk).update(status="responded")
    flag_overdue_orders(as_of=date(2026, 10, 16))
    assert Alert.objects.get().cleared_on == date(2026, 10, 16)


def test_one_digest_a_unit_a_working_day(order, t01, t02):
    flag_overdue_orders(as_of=date(2026, 10, 13))
    lines = send_digests(as_of=date(2026, 10, 14))
    assert lines == ["digest: T01"]
    assert send_digests(as_of=date(2026, 10, 14)) == []
    digest = Notification.objects.get(kind="digest")
    assert digest.org_unit == t01
    assert "1" in digest.text


def test_no_digest_on_a_rest_day(order):
    flag_overdue_orders(as_of=date(2026, 10, 13))
    assert send_digests(as_of=date(2026, 10, 4)) == []  # National Day holiday
    assert send_digests(as_of=date(2026, 10, 18)) == []  # Sunday
    assert not Notification.objects.filter(kind="digest").exists()


def test_orders_due_soon_are_in_the_digest(make_order):
    make_order(due_on=date(2026, 10, 12))
    # 2026-10-09 is a Friday working day; the 12th is within 3 working days.
    assert send_digests(as_of=date(2026, 10, 9)) == ["digest: T01"]


def test_petition_steps_due_soon_are_one_line_in_the_units_digest(clerk, t01, t02):
    from tests.builders import register
    # Received 2026-09-16: acceptance due 2026-10-08 (after National Day).
    register(clerk, t01, ids=(1,))
    register(clerk, t01, ids=(2,))
    # 2026-10-05 is a holiday: nothing is sent on a rest day.
    assert send_digests(as_of=date(2026, 10, 5)) == []
    # 2026-09-30 (Wed): 3 working days ahead is 2026-10-09, so 10-08 is due soon.
    assert send_digests(as_of=date(2026, 9, 30)) == ["digest: T01"]
    digest = Notification.objects.get(kind="digest")
    assert "2" in digest.text
    assert digest.org_unit == t01
    assert send_digests(as_of=date(2026, 9, 30)) == []  # one a day
    # Well before, nothing is due soon and no digest goes out.
    assert send_digests(as_of=date(2026, 9, 17)) == []
