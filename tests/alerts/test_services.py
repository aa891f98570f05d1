"""The two shared statements every module's overdue job is made of."""

from datetime import date

from django.db.models import DateField, F, Q, Value

from accounts.models import OrgUnit
from alerts.models import Alert
from alerts.services import clear_done, raise_overdue

AS_OF = date(2026, 10, 13)


def _late_units(*codes):
    # Any table with (id, org_unit, due) will do: here the units themselves.
    return (OrgUnit.objects.filter(code__in=codes)
            .annotate(unit=F("id"), due=Value(date(2026, 10, 1), output_field=DateField()))
            .values_list("id", "unit", "due"))


def test_raise_overdue_raises_one_alert_per_late_record_and_a_rerun_raises_nothing(t01, t02):
    raised = raise_overdue(kind=Alert.Kind.BACKLOG_OVERDUE,
                           target_type=Alert.TargetType.BACKLOG_CASE,
                           late=_late_units("T01", "T02"), as_of=AS_OF)
    assert sorted(target for target, _unit, _due in raised) == sorted([t01.pk, t02.pk])
    alert = Alert.objects.get(target_id=t01.pk)
    assert (alert.kind, alert.org_unit, alert.raised_on, alert.cleared_on) == (
        "backlog_overdue", t01, AS_OF, None)
    assert raise_overdue(kind=Alert.Kind.BACKLOG_OVERDUE,
                         target_type=Alert.TargetType.BACKLOG_CASE,
                         late=_late_units("T01", "T02"), as_of=AS_OF) == []
    assert Alert.objects.count() == 2


def test_raise_overdue_takes_a_select_as_well_as_a_queryset(t01):
    raised = raise_overdue(kind=Alert.Kind.PETITION_OVERDUE, target_type=Alert.TargetType.PETITION,
                           late=("SELECT 7, %s, %s", [t01.pk, date(2026, 10, 1)]),
                           as_of=AS_OF)
    assert raised == [(7, t01.pk, date(2026, 10, 1))]


def test_clear_done_clears_only_the_open_alerts_of_its_kind_that_are_done(t01, t02):
    for kind in (Alert.Kind.BACKLOG_OVERDUE, Alert.Kind.PETITION_OVERDUE):
        raise_overdue(kind=kind, target_type="x", late=_late_units("T01", "T02"), as_of=AS_OF)
    assert clear_done(kind=Alert.Kind.BACKLOG_OVERDUE, done=Q(target_id=t01.pk),
                      as_of=date(2026, 10, 14)) == 1
    cleared = Alert.objects.filter(cleared_on__isnull=False)
    assert list(cleared.values_list("kind", "target_id", "cleared_on")) == [
        ("backlog_overdue", t01.pk, date(2026, 10, 14))]
    # Already cleared: a rerun changes nothing, not even the date.
    assert clear_done(kind=Alert.Kind.BACKLOG_OVERDUE, done=Q(target_id=t01.pk),
                      as_of=date(2026, 10, 20)) == 0


def test_a_labelled_raise_returns_each_raised_row_with_its_label_and_a_rerun_nothing(t01, t02):
    # The petitions' overdue job names each record by its number this way (issue 21).
    late = (OrgUnit.objects.filter(code__in=["T01", "T02"])
            .annotate(unit=F("id"), due=Value(date(2026, 10, 1), output_field=DateField()))
            .values_list("id", "unit", "due", "code"))
    raised = raise_overdue(kind=Alert.Kind.BACKLOG_OVERDUE,
                           target_type=Alert.TargetType.BACKLOG_CASE, late=late, as_of=AS_OF,
                           labelled=True)
    assert sorted(raised) == sorted([(t01.pk, t01.pk, date(2026, 10, 1), "T01"),
                                     (t02.pk, t02.pk, date(2026, 10, 1), "T02")])
    assert Alert.objects.count() == 2
    assert raise_overdue(kind=Alert.Kind.BACKLOG_OVERDUE,
                         target_type=Alert.TargetType.BACKLOG_CASE, late=late, as_of=AS_OF,
                         labelled=True) == []
