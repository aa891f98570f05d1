"""seed_bench on a tiny data set: the counts asked for, consistent rows, and a
second run that writes nothing."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Max

from accounts.models import OrgUnit, User
from backlog.models import BacklogCase
from core.crypto import decrypt, keyed_hash
from core.dates import local_today
from dashboards.rollups import rebuild_sql
from petitions.models import Petition, PetitionCounter, PetitionEvent
from petitions.search import petition_search_refresh
from screening.models import ScreeningReport
from supervision.models import SupervisionOrder

TINY = ["--petitions", "500", "--townships", "3", "--departments", "1", "--villages", "6",
        "--users", "30", "--units", "4", "--months", "6", "--backlog", "20", "--orders", "30",
        "--risks", "15"]


ORPHANS = [
    ("petitions_petitionevent", "petition_id", "petitions_petition"),
    ("petitions_petitionevent", "actor_id", "accounts_user"),
    ("petitions_petitionpetitioner", "petition_id", "petitions_petition"),
    ("petitions_petitionpetitioner", "petitioner_id", "petitions_petitioner"),
    ("petitions_petition", "repeat_of_id", "petitions_petition"),
    ("petitions_petition", "org_unit_id", "accounts_orgunit"),
    ("petitions_petition", "handling_unit_id", "accounts_orgunit"),
    ("petitions_petition", "responsible_unit_id", "accounts_orgunit"),
    ("petitions_petition", "created_by_id", "accounts_user"),
]


def _indexes() -> set[tuple[str, str]]:
    if connection.vendor != "postgresql":
        return set()  # the load drops and rebuilds indexes on PostgreSQL only
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes "
                       "WHERE tablename LIKE 'petitions_%%'")
        return set(cursor.fetchall())


def seed():
    call_command("seed_bench", *TINY, stdout=open("/dev/null", "w"))


@pytest.mark.django_db(transaction=True)
def test_a_tiny_data_set_has_the_counts_asked_for_and_a_rerun_writes_nothing():
    indexes = _indexes()
    seed()
    # The plain indexes dropped for the load are all built again, as they were.
    assert _indexes() == indexes
    assert Petition.objects.count() == 500
    from stability.models import RiskMatter
    assert RiskMatter.objects.count() == 15
    assert OrgUnit.objects.filter(kind__in=OrgUnit.REPORTING_KINDS).count() == 4
    assert User.objects.count() == 30
    assert BacklogCase.objects.count() == 20
    assert SupervisionOrder.objects.count() == 30
    # 4 units x 6 months, less the missing ones and this month's unfiled half.
    assert 12 <= ScreeningReport.objects.count() <= 24
    # The search column is filled set-based with the rows (issue 19).
    assert not Petition.objects.filter(search_text="").exists()
    some = Petition.objects.select_related().first()
    assert some.number.lower() in some.search_text
    assert some.petitioners.first().name in some.search_text
    # Written with the row, it is exactly what the services' refresh computes.
    written = dict(Petition.objects.values_list("id", "search_text"))
    assert petition_search_refresh() == 500
    assert dict(Petition.objects.values_list("id", "search_text")) == written
    # first_repeat_on is written with the row, as the repeat trigger keeps it.
    firsts = dict(Petition.objects.values_list("id", "first_repeat_on"))
    assert any(firsts.values())
    with connection.cursor() as cursor:
        cursor.execute(rebuild_sql(connection.vendor)[4])
    assert dict(Petition.objects.values_list("id", "first_repeat_on")) == firsts
    # The load skips the deferred foreign-key checks: every key points at a row.
    with connection.cursor() as cursor:
        for table, column, parent in ORPHANS:
            cursor.execute(f"SELECT count(*) FROM {table} t LEFT JOIN {parent} p "
                           f"ON p.id = t.{column} WHERE t.{column} IS NOT NULL AND p.id IS NULL")
            assert cursor.fetchone()[0] == 0, (table, column)
    events = PetitionEvent.objects.count()
    assert 4 * 500 <= events <= 6 * 500
    counts = (Petition.objects.count(), events, ScreeningReport.objects.count(),
              User.objects.count())

    seed()
    assert (Petition.objects.count(), PetitionEvent.objects.count(),
            ScreeningReport.objects.count(), User.objects.count()) == counts


@pytest.mark.django_db(transaction=True)
def test_seeded_petitions_are_consistent_with_their_status_and_numbering():
    seed()
    today = local_today()
    # Numbers run per year without gaps, and each year's counter sits on the last one.
    for row in Petition.objects.values("received_on__year").annotate(n=Count("id")):
        year = row["received_on__year"]
        assert PetitionCounter.objects.get(year=year).last == row["n"]
        last = Petition.objects.filter(received_on__year=year).aggregate(m=Max("number"))["m"]
        assert last == f"XF-{year}-{row['n']:06d}"
    # An open step has its due date; a finished one has none.
    for p in Petition.objects.all():
        assert (p.current_due is not None) == (p.status in Petition.OPEN_STEP_STATUSES)
        assert p.received_on <= today
        assert p.received_on >= date(2022, 1, 1)
        assert p.is_collective == (p.headcount >= Petition.COLLECTIVE_HEADCOUNT)
        assert p.is_repeat == (p.repeat_of_id is not None) == (not p.is_first)
        if p.status == "closed":
            assert p.closed_on
            assert p.replied_on
            assert p.closed_on >= p.replied_on
    open_ = Petition.objects.filter(current_due__isnull=False).count()
    assert 30 <= open_ <= 100  # 12% of 500
    assert Petition.objects.filter(current_due__lt=today).count() >= 5
    # ID numbers are stored only encrypted, with the keyed hash of the plain number.
    person = Petition.objects.first().petitioners.first()
    number = decrypt(person.id_number_encrypted)
    assert person.id_hash == keyed_hash(number)
    assert person.id_masked == number[:6] + "********" + number[-4:]
    assert number not in person.id_number_encrypted
