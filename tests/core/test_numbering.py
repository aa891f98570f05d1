"""Record numbers JA-YYYY-NNNNNN and MD-YYYY-NNNNNN (issue 18): allocated in the
creating transaction, in sequence per year, never twice; existing rows are
numbered by the migrations' backfill per year in (date, id) order."""

import threading
from datetime import date

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from backlog import services as bsv
from backlog.models import BacklogCase
from core.models import RecordCounter
from core.numbering import allocate_numbers, next_number
from stability import services as ssv
from stability.models import RiskMatter


def make_case(actor, campaign, unit, leader, assigned_on, title="老街拆迁补偿遗留问题"):
    return bsv.case_create(actor=actor, campaign=campaign, title=title, org_unit=unit,
                           leader=leader, due_on=date(2027, 6, 30), assigned_on=assigned_on)


def make_matter(actor, unit, leader, opened_on, title="东风村征地补偿款分配争议"):
    return ssv.matter_create(actor=actor, title=title, category="land_demolition",
                             org_unit=unit, risk_level="high", people_involved="三组约40户村民",
                             leader=leader, opened_on=opened_on, today=date(2026, 11, 18))


@pytest.fixture
def campaign(city_officer):
    return bsv.campaign_create(actor=city_officer, name="积案化解年", year=2026,
                               starts_on=date(2025, 12, 1), ends_on=date(2026, 12, 31))


def test_backlog_cases_are_numbered_in_sequence_per_year_of_assignment(
        city_officer, campaign, t01, leader, today):
    a = make_case(city_officer, campaign, t01, leader, date(2026, 11, 2))
    b = make_case(city_officer, campaign, t01, leader, date(2026, 11, 3), title="b")
    c = make_case(city_officer, campaign, t01, leader, date(2025, 12, 20), title="c")
    assert (a.number, b.number, c.number) == ("JA-2026-000001", "JA-2026-000002",
                                              "JA-2025-000001")
    assert str(a) == "JA-2026-000001 老街拆迁补偿遗留问题"


def test_risk_matters_are_numbered_in_sequence_per_year_opened(clerk, t01, leader):
    a = make_matter(clerk, t01, leader, date(2026, 3, 1))
    b = make_matter(clerk, t01, leader, date(2026, 3, 2))
    c = make_matter(clerk, t01, leader, date(2025, 6, 1))
    assert (a.number, b.number, c.number) == ("MD-2026-000001", "MD-2026-000002",
                                              "MD-2025-000001")


def test_a_failed_creation_uses_no_number(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        next_number("JA", 2026)
        raise RuntimeError("rolled back")
    with transaction.atomic():
        assert next_number("JA", 2026) == "JA-2026-000001"


def test_a_block_of_numbers_follows_the_given_days_one_counter_row_per_year(db):
    with transaction.atomic():
        next_number("MD", 2026)
    numbers = allocate_numbers("MD", [date(2026, 1, 5), date(2025, 3, 1), date(2026, 2, 1)])
    assert numbers == ["MD-2026-000002", "MD-2025-000001", "MD-2026-000003"]
    assert set(RecordCounter.objects.values_list("prefix", "year", "last")) == {
        ("MD", 2026, 3), ("MD", 2025, 1)}


def test_the_number_is_read_only_in_the_api(api, city_officer, campaign, t01, leader, today):
    case = make_case(city_officer, campaign, t01, leader, date(2026, 11, 2))
    api.force_authenticate(city_officer)
    response = api.patch(f"/api/v1/backlog/cases/{case.pk}/", {"number": "JA-2026-999999"},
                         format="json")
    case.refresh_from_db()
    assert case.number == "JA-2026-000001"
    assert response.status_code in (200, 405)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_concurrent_creations_get_distinct_numbers(city_officer, clerk, t01, leader):
    campaign = bsv.campaign_create(actor=city_officer, name="积案化解年", year=2026,
                                   starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    make_case(city_officer, campaign, t01, leader, date(2026, 11, 1))  # the counter row exists
    make_matter(clerk, t01, leader, date(2026, 11, 1))
    barrier, results = threading.Barrier(6), []

    def worker(i):
        barrier.wait()
        try:
            if i % 2:
                results.append(make_case(city_officer, campaign, t01, leader,
                                         date(2026, 11, 2), title=f"并发 {i}"))
            else:
                results.append(make_matter(clerk, t01, leader, date(2026, 11, 2)))
        except Exception as e:  # noqa: BLE001 - the outcome is what we count
            results.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(isinstance(r, BacklogCase | RiskMatter) for r in results), results
    cases = sorted(BacklogCase.objects.values_list("number", flat=True))
    matters = sorted(RiskMatter.objects.values_list("number", flat=True))
    assert cases == [f"JA-2026-{n:06d}" for n in range(1, 5)]
    assert matters == [f"MD-2026-{n:06d}" for n in range(1, 5)]


@pytest.mark.django_db(transaction=True)
def test_the_migrations_number_existing_rows_per_year_in_date_then_id_order(
        city_officer, t01, leader):
    """Roll backlog and stability back to before the numbers, add rows as they were,
    then migrate forward: the backfill (core.numbering.backfill_numbers) numbers them."""
    before = [("backlog", "0003_campaign_target_rate"), ("stability", "0004_event_base")]
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        Campaign = old.get_model("backlog", "Campaign")
        Case = old.get_model("backlog", "BacklogCase")
        Matter = old.get_model("stability", "RiskMatter")
        campaign = Campaign.objects.create(name="积案化解年", year=2026, starts_on=date(2025, 1, 1),
                                           ends_on=date(2026, 12, 31))
        common = {"campaign": campaign, "org_unit_id": t01.pk, "leader_id": leader.pk,
                  "due_on": date(2027, 1, 1)}
        # Created out of date order: the ids do not follow the dates.
        late = Case.objects.create(title="2026 second", assigned_on=date(2026, 5, 2), **common)
        early = Case.objects.create(title="2026 first", assigned_on=date(2026, 5, 1), **common)
        same_day = Case.objects.create(title="2026 same day", assigned_on=date(2026, 5, 2),
                                       **common)
        old_year = Case.objects.create(title="2025", assigned_on=date(2025, 8, 1), **common)
        m = {"category": "environment", "org_unit_id": t01.pk, "leader_id": leader.pk,
             "people_involved": "居民", "risk_level": "low"}
        m2 = Matter.objects.create(title="b", opened_on=date(2026, 2, 1), **m)
        m1 = Matter.objects.create(title="a", opened_on=date(2026, 1, 1), **m)
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
        numbers = dict(BacklogCase.objects.values_list("pk", "number"))
        assert numbers == {early.pk: "JA-2026-000001", late.pk: "JA-2026-000002",
                           same_day.pk: "JA-2026-000003", old_year.pk: "JA-2025-000001"}
        assert dict(RiskMatter.objects.values_list("pk", "number")) == {
            m1.pk: "MD-2026-000001", m2.pk: "MD-2026-000002"}
        # The counters continue after the backfilled numbers.
        campaign = BacklogCase.objects.get(pk=early.pk).campaign
        nxt = make_case(city_officer, campaign, t01, leader, date(2026, 6, 1), title="new")
        assert nxt.number == "JA-2026-000004"
    finally:
        MigrationExecutor(connection).migrate(leaves)
