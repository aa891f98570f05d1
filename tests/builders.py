"""Builders for the records tests need: one place, plain functions, pinned values.

Fixtures (the personas, the units, `today`) live in tests/conftest.py; these are the
functions a test calls to make a record. Petitions come two ways: `register()`
through the service, as a clerk would, and `petition_row()` straight into the table
for figures that need a petition in a given status on a given day.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from backlog import services as backlog_services
from backlog.models import BacklogCase, Campaign
from core.dates import local_today
from petitions.idnumbers import check_digit
from petitions.models import Petition
from petitions.services import petition_register
from screening.models import ScreeningPeriod, ScreeningReport
from screening.services import ItemData, screening_report_create
from stability import services as stability_services
from supervision.models import AssessmentScore, SupervisionOrder

PASSWORD = "Correct-Horse-42"
DEMO_PASSWORD = "Seed-Pass-2026"  # the one `demo_world` seeds with
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


def log_in(page, username, password):
    """Log in through the real form in a browser page (Playwright)."""
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


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
        matter_unit=extra.get("matter_unit"),
        # Registered on the day it came in (a date over a year back is not a late entry).
        today=extra.get("today", received_on if received_on <= local_today() else None))


def petition_row(unit, *, received_on, status="assigned", channel="visit",
                 category="environment", title="河道污染", level="local", current_due=None,
                 handling_due=None, skipping=False, collective=False):
    """A petition row in any status on any day, without the service (figures, ledgers);
    its unit is responsible for it, as on a registered petition, whose open step is
    its acceptance (current_due, by the petition_registered_has_step constraint)."""
    if status == "registered" and current_due is None:
        current_due = received_on
    return Petition.objects.create(
        number=f"XF-{received_on.year}-{900000 + next(_numbers):06d}", channel=channel,
        received_on=received_on, org_unit=unit, category=category, title=title,
        content="工厂排污", level=level, status=status, is_level_skipping=skipping,
        is_collective=collective, acceptance_due=received_on, handling_due=handling_due,
        current_due=current_due, responsible_unit=unit)


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


# ---------------------------------------------------------------- the dashboards' world

def dashboard_world(t01, t02, t01_village, d01, leader):
    """T01: 3 overdue petitions (one of them in its village), 1 due in 2 working days;
    T02: 1 overdue. Volumes: 2026 = 6 in T01 family + 2 in T02, 2025 = 3."""
    # Overdue (current_due before TODAY).
    petition_row(t01, received_on=date(2026, 3, 2), current_due=date(2026, 4, 1), skipping=True)
    petition_row(t01, received_on=date(2026, 3, 5), current_due=date(2026, 11, 17), channel="letter")
    petition_row(t01_village, received_on=date(2026, 5, 9), current_due=date(2026, 11, 1),
                 collective=True)
    petition_row(t02, received_on=date(2026, 5, 10), current_due=date(2026, 10, 1), skipping=True,
                 category="labor_social_security")
    # Due soon (within 3 working days: Thu 19th, Fri 20th, Mon 23rd) and later.
    petition_row(t01, received_on=date(2026, 11, 2), current_due=date(2026, 11, 20),
                 title="=HYPERLINK(1)")
    petition_row(t01, received_on=date(2026, 11, 3), current_due=date(2026, 12, 30))
    # Closed this year and last year's petitions.
    petition_row(t01, received_on=date(2026, 1, 15), status="closed", channel="online")
    petition_row(t02, received_on=date(2026, 1, 20), status="closed")
    for day in (date(2025, 3, 1), date(2025, 3, 9), date(2025, 7, 1)):
        petition_row(t01, received_on=day, status="closed")

    # Backlog: T01 two cases (one resolved), T02 one verified.
    campaign = Campaign.objects.create(name="积案化解年", year=2026, starts_on=date(2026, 1, 1),
                                       ends_on=date(2026, 12, 31))
    BacklogCase.objects.create(campaign=campaign, title="老街拆迁", org_unit=t01, leader=leader,
                               due_on=date(2026, 12, 31), status="in_progress",
                               assigned_on=date(2026, 2, 1))
    BacklogCase.objects.create(campaign=campaign, title="工资拖欠", org_unit=t01, leader=leader,
                               due_on=date(2026, 12, 31), status="resolved",
                               assigned_on=date(2026, 3, 1), resolved_on=date(2026, 6, 1))
    BacklogCase.objects.create(campaign=campaign, title="土地确权", org_unit=t02, leader=leader,
                               due_on=date(2026, 12, 31), status="verified",
                               assigned_on=date(2026, 3, 1), resolved_on=date(2026, 5, 1),
                               verified_on=date(2026, 5, 20))

    # Supervision: T01 one open overdue + one open not yet due; T02 one closed.
    order_row(t01, due_on=date(2026, 11, 10))
    order_row(t01, due_on=date(2026, 11, 30))
    order_row(t02, due_on=date(2026, 11, 1), status="closed")

    # Screening: periods Jan..Nov; T01 filed every due month on time, T02 none.
    for month in range(1, 12):
        period = ScreeningPeriod.objects.create(
            year=2026, month=month, opens_on=date(2026, month, 1),
            due_on=date(2026, month, 5), locks_on=date(2026, month, 25))
        if month <= 10:
            ScreeningReport.objects.create(
                period=period, org_unit=t01, status="submitted", zero_report=True,
                first_submitted_at=timezone.make_aware(timezone.datetime(2026, month, 3)))

    # Assessment: October (the latest month) T02 first, T01 second; September older.
    AssessmentScore.objects.create(org_unit=t02, period_kind="month", year=2026, period=10,
                                   score=Decimal("98.0"), rank=1)
    AssessmentScore.objects.create(org_unit=t01, period_kind="month", year=2026, period=10,
                                   score=Decimal("91.5"), rank=2)
    AssessmentScore.objects.create(org_unit=t01, period_kind="month", year=2026, period=9,
                                   score=Decimal("80.0"), rank=1)
    return campaign
