"""Builders for screening tests: periods with real dates, reports filed at a moment."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from screening.models import ScreeningPeriod
from screening.services import ItemData, screening_report_create


def at(day: date, hour: int = 10) -> datetime:
    """A moment on a local (Asia/Shanghai) day."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def make_period(year=2026, month=10, due_day=25, lock_days=5) -> ScreeningPeriod:
    due = date(year, month, due_day)
    return ScreeningPeriod.objects.create(year=year, month=month, opens_on=date(year, month, 1),
                                          due_on=due, locks_on=due + timedelta(days=lock_days))


def item(**overrides) -> ItemData:
    fields = {"category": "land_demolition", "description": "征地补偿争议",
              "people_involved": 6, "risk_level": "medium", "measures": "约谈", "resolved": False}
    return ItemData(**{**fields, **overrides})


def file_report(*, actor, period, unit, on=None, zero=True, items=None):
    return screening_report_create(actor=actor, period=period, org_unit=unit, zero_report=zero,
                                   items=items if items is not None else ([] if zero else [item()]),
                                   now=at(on or period.due_on))


@pytest.fixture
def october():
    return make_period(2026, 10)


@pytest.fixture
def this_month(today):
    """The current month's period, open now and due well ahead, for API and page tests."""
    return ScreeningPeriod.objects.create(year=today.year, month=today.month,
                                          opens_on=today.replace(day=1),
                                          due_on=today + timedelta(days=10),
                                          locks_on=today + timedelta(days=15))
