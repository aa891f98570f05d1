"""flag_overdue for petition steps: set-based, idempotent, clears finished steps."""

from datetime import date

from alerts.models import Alert
from core.jobs import run_job
from petitions import services as sv
from tests.builders import register


def test_flag_overdue_raises_once_and_clears_when_the_step_is_done(clerk, t01):
    late = register(clerk, t01, received_on=date(2026, 9, 16))  # accept by 10-08
    on_time = register(clerk, t01, ids=(2,), received_on=date(2026, 9, 30))  # by 10-15
    lines = run_job("flag_overdue", as_of=date(2026, 10, 9))
    assert f"petition_overdue {late.number}" in lines
    assert all(on_time.number not in line for line in lines)
    assert run_job("flag_overdue", as_of=date(2026, 10, 9)) == []
    alert = Alert.objects.get(target_id=late.pk)
    assert (alert.kind, alert.target_type, alert.org_unit, alert.due_on) == (
        "petition_overdue", "petition", t01, date(2026, 10, 8))

    sv.petition_accept(petition_id=late.pk, actor=clerk, on=date(2026, 10, 10))
    run_job("flag_overdue", as_of=date(2026, 10, 16))
    alert.refresh_from_db()
    assert alert.cleared_on == date(2026, 10, 16)
    # The other petition went overdue meanwhile; the accepted one is not raised again.
    assert set(Alert.objects.filter(cleared_on__isnull=True).values_list(
        "target_id", flat=True)) == {on_time.pk}
