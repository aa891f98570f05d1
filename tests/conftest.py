"""The small world every test starts from: a city, two townships, named people.

Personas (style.md): a clerk of T01, a clerk of T02 (the outsider), T01's
leader, a city officer, a supervisor and an admin.
"""

import os
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from accounts import roles
from accounts.models import OrgUnit
from tests.builders import SHANGHAI, TODAY, make_case, make_user, pin_clock


# The CI guard (docs/decisions.md, "time"): `pytest --as-of=2027-12-15` (or XF_AS_OF=...)
# runs the whole session as if that were today, so a test that reads the real clock
# instead of pinning its date fails in CI. 10:00 in Shanghai keeps the day stable
# while the clock ticks through a long run.
def pytest_addoption(parser):
    parser.addoption("--as-of", default=os.environ.get("XF_AS_OF", ""),
                     help="run the session as if today were this date (YYYY-MM-DD)")


def pytest_configure(config):
    as_of = config.getoption("--as-of")
    if not as_of:
        return
    day = date.fromisoformat(as_of)
    moment = datetime.combine(day, time(10), tzinfo=SHANGHAI)
    traveller = time_machine.travel(moment.astimezone(ZoneInfo("UTC")), tick=True)
    traveller.start()
    config._xf_as_of = (day, traveller)


def pytest_report_header(config):
    as_of = getattr(config, "_xf_as_of", None)
    return f"as of {as_of[0].isoformat()}" if as_of else None


def pytest_terminal_summary(terminalreporter, config):
    as_of = getattr(config, "_xf_as_of", None)
    if as_of:
        terminalreporter.write_line(f"as of {as_of[0].isoformat()}")


def pytest_unconfigure(config):
    as_of = getattr(config, "_xf_as_of", None)
    if as_of:
        as_of[1].stop()


@pytest.fixture
def december(time_machine):
    """2026-12-01: after every fixed date the registration tests post (2026-09 to
    2026-11) and within a year of them, so they are not late entries (补录)."""
    return pin_clock(time_machine, date(2026, 12, 1))


@pytest.fixture
def today(time_machine):
    """Pins the clock to TODAY for the test and returns it: ask for it whenever a result
    depends on the date, and build the data relative to it."""
    return pin_clock(time_machine, TODAY)


@pytest.fixture(autouse=True)
def _no_two_factor_unless_asked(settings):
    # Most tests act as a supervisor or admin without a phone; the two-factor
    # tests (tests/accounts/test_two_factor.py) turn the requirement back on.
    settings.OTP_REQUIRED_ROLES = ()


@pytest.fixture(autouse=True)
def _login_limits_per_test(settings):
    # The per-address login limit and the lockout steps count in the cache,
    # which outlives a test: tests/accounts/test_lockout.py lowers the limit
    # and uses its own addresses and names; everyone else never reaches it.
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10_000
    from django.core.cache import cache

    names = ["clerk_T01", "clerk_T02", "leader_T01", "city", "supervisor", "admin"]
    cache.delete_many([f"lockouts:{n}" for n in names])


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_worker(worker_id):
    """Parallel workers (pytest-xdist) share one Redis: give each its own key prefix, so
    one worker's writes never make another's cached figures or rate limits stale."""
    from django.conf import settings
    from django.test import override_settings

    caches = {name: {**conf, "KEY_PREFIX": f"test-{worker_id}"}
              for name, conf in settings.CACHES.items()}
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production keeps Django's PBKDF2; tests create hundreds of users (seed_demo alone
    # ~40), and 600,000 rounds each would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production uses the hashed manifest that `collectstatic` writes; tests
    # render templates without running it first.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def city(db):
    return OrgUnit.objects.create(code="C00", name="市信访局", kind=OrgUnit.Kind.CITY)


@pytest.fixture
def t01(city):
    return OrgUnit.objects.create(code="T01", name="城关镇", kind=OrgUnit.Kind.TOWNSHIP,
                                  parent=city)


@pytest.fixture
def t02(city):
    return OrgUnit.objects.create(code="T02", name="东城街道", kind=OrgUnit.Kind.TOWNSHIP,
                                  parent=city)


@pytest.fixture
def t01_village(t01):
    return OrgUnit.objects.create(code="T01V01", name="城关东风村", kind=OrgUnit.Kind.VILLAGE,
                                  parent=t01)


@pytest.fixture
def d01(city):
    return OrgUnit.objects.create(code="D01", name="市住建局", kind=OrgUnit.Kind.DEPARTMENT,
                                  parent=city)


@pytest.fixture
def clerk(t01):
    return make_user("clerk_T01", t01, roles.CLERK)


@pytest.fixture
def outsider(t02):
    """A clerk of another township: must never see T01's records."""
    return make_user("clerk_T02", t02, roles.CLERK)


@pytest.fixture
def leader(t01):
    return make_user("leader_T01", t01, roles.LEADER)


@pytest.fixture
def city_officer(city):
    return make_user("city", city, roles.CITY_OFFICER)


@pytest.fixture
def supervisor(city):
    return make_user("supervisor", city, roles.SUPERVISOR)


@pytest.fixture
def admin_user(city):
    return make_user("admin", city, roles.ADMIN, superuser=True)


@pytest.fixture
def api():
    """An API client; `api.force_authenticate(user)` to act as someone."""
    return APIClient()





@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The full demo (seed_demo), seeded once for a whole test module and rolled back
    after its last test: it is the slowest thing the suite builds. Each test still runs
    in its own transaction (a savepoint inside this one), so what a test changes is
    undone before the next."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    from tests import builders

    # The tests' fast hasher (see _fast_password_hashing), set here too: this fixture
    # runs before the function-scoped ones.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        call_command("seed_demo", "--password", builders.DEMO_PASSWORD, stdout=StringIO())
        yield
        transaction.set_rollback(True)


# Records several folders' tests start from.

@pytest.fixture
def campaign(city_officer, today):
    from backlog import services

    return services.campaign_create(actor=city_officer, name="积案化解年", year=today.year,
                                    starts_on=today - timedelta(days=30),
                                    ends_on=today + timedelta(days=180),
                                    launched_by_meeting="联席会议")


@pytest.fixture
def case(city_officer, campaign, t01, leader):
    return make_case(city_officer, campaign, t01, leader)


@pytest.fixture
def this_month(today):
    """The current month's screening period, open now and due well ahead (API and pages)."""
    from screening.models import ScreeningPeriod

    return ScreeningPeriod.objects.create(year=today.year, month=today.month,
                                          opens_on=today.replace(day=1),
                                          due_on=today + timedelta(days=10),
                                          locks_on=today + timedelta(days=15))
