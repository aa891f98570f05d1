"""Builders for the records tests need: one place, plain functions, pinned values.

Fixtures (the personas, the units, `today`) live in tests/conftest.py; these are the
functions a test calls to make a record. Petitions come two ways: `register()`
through the service, as a clerk would, and `petition_row()` straight into the table
for figures that need a petition in a given status on a given day.
"""

from datetime import date, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from backlog import services as backlog_services
from core.dates import local_today
from petitions.idnumbers import check_digit
from petitions.models import Petition
from petitions.services import petition_register
from screening.models import ScreeningPeriod
from screening.services import ItemData, screening_report_create
from stability import services as stability_services
from supervision.models import SupervisionOrder

PASSWORD = "Correct-Horse-42"
# The day a date-dependent test lives on: a Wednesday, clear of holidays for a week.
TODAY = date(2026, 11, 18)
SHANGHAI = ZoneInfo("Asia/Shanghai")

_numbers = count(1)


# ---------------------------------------------------------------- people and clock

def make_user(username, unit, *role_names, superuser=False):
    user = User.objects.create_user(username=username, password=PASSWORD, org_unit=unit,
                                    full_name=username, is_superuser=superuser,
                                    is_staff=superuser)
    user.groups.add(*Group.objects.filter(name__in=role_names))
    return user


def client_for(client, user):
    client.force_login(user)
    return client


def pin_clock(time_machine, day: date, hour: int = 10) -> date:
    """Travel to `hour` o'clock on `day` in Shanghai; the clock keeps ticking from there."""
    time_machine.move_to(datetime.combine(day, time(hour), tzinfo=SHANGHAI), tick=True)
    return day


def days_ago(n):
    return local_today() - timedelta(days=n)


# ---------------------------------------------------------------- petitions

def id_number(serial: int, birth: str = "19800101") -> str:
    first17 = f"110101{birth}{serial % 1000:03d}"
    return first17 + check_digit(first17)


def register(actor, unit, *, received_on=date(2026, 9, 16), ids=(1,), category="environment",
             level="local", headcount=None, title="河道污染", **extra):
    """A petition registered through the service, as a clerk would."""
    people = [{"name": f"张{i}", "id_number": id_number(i), "phone": "13800000000",
               "address": "城关镇"} for i in ids]
    return petition_register(
        actor=actor, channel=extra.get("channel", "visit"), received_on=received_on,
        org_unit=unit, category=category, title=title, content="工厂排污，请求处理。",
        headcount=headcount or len(people), level=level, petitioners=people,
        # Registered on the day it came in (a date over a year back is not a late entry).
        today=extra.get("today", received_on if received_on <= local_today() else None))


def petition_row(unit, *, received_on, status="assigned", channel="visit",
                 category="environment", title="河道污染", level="local", current_due=None,
                 handling_due=None, skipping=False, collective=False, responsible_unit=None):
    """A petition row in any status on any day, without the service (figures, ledgers)."""
    return Petition.objects.create(
        number=f"XF-{received_on.year}-{900000 + next(_numbers):06d}", channel=channel,
        received_on=received_on, org_unit=unit, category=category, title=title,
        content="工厂排污", level=level, status=status, is_level_skipping=skipping,
        is_collective=collective, acceptance_due=received_on, handling_due=handling_due,
        current_due=current_due, responsible_unit=responsible_unit)


# ---------------------------------------------------------------- backlog cases

def make_case(actor, campaign, unit, leader, *, title="老街拆迁补偿遗留问题", due_in=60,
              petition=None, assigned_ago=10):
    today = local_today()
    return backlog_services.case_create(
        actor=actor, campaign=campaign, title=title, org_unit=unit, leader=leader,
        due_on=today + timedelta(days=due_in), petition=petition,
        assigned_on=today - timedelta(days=assigned_ago))


# ---------------------------------------------------------------- risk matters

def make_matter(*, actor, unit, leader, risk_level="high", title="东风村征地补偿款分配争议",
                opened_days_ago=30, **extra):
    fields = {"category": "land_demolition", "people_involved": "三组约40户村民",
              "plan": "包案领导牵头，核实补偿标准。", **extra}
    return stability_services.matter_create(
        actor=actor, title=title, org_unit=unit, leader=leader, risk_level=risk_level,
        opened_on=days_ago(opened_days_ago), **fields)


# ---------------------------------------------------------------- supervision orders

def order_row(unit, *, due_on, status="open"):
    """An order row for figures (the service path is the `make_order` fixture)."""
    return SupervisionOrder.objects.create(
        number=f"DB-{next(_numbers):05d}", target_type="petition", target_id=1, org_unit=unit,
        level="general", due_on=due_on, instructions="限期办结", status=status,
        issued_on=due_on - timedelta(days=10))


# ---------------------------------------------------------------- screening reports

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
