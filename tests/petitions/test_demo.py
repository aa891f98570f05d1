from datetime import timedelta
from io import StringIO

from core.dates import local_today
from core.demo import seeders
from petitions.models import Petition


def test_seed_demo_builds_a_plausible_year_once(db):
    out = StringIO()
    for _name, seeder in seeders():
        seeder(password="Demo-Pass-1", stdout=out)
    # The year up to today, and the previous year's history (seed_previous_year).
    count = Petition.objects.filter(received_on__gt=local_today() - timedelta(days=370)).count()
    statuses = set(Petition.objects.values_list("status", flat=True))
    # 300 of a plausible year, plus issue 20's four cases from above and four
    # petitions received at two leader reception days (petitions/demo_practices.py).
    assert count == 300 + 8
    assert Petition.objects.filter(source="upper").count() == 4
    assert Petition.objects.filter(channel="leader_reception", leader__isnull=False).count() == 4
    assert {"registered", "accepted", "replied", "closed", "declined"} <= statuses
    assert Petition.objects.filter(is_repeat=True).exists()
    assert Petition.objects.filter(is_collective=True).exists()
    surfaced = Petition.objects.filter(matter_unit__isnull=False).select_related("org_unit")
    assert surfaced.exists() and all(p.org_unit.kind == "city" for p in surfaced)
    total = Petition.objects.count()
    for _name, seeder in seeders():
        seeder(password="Demo-Pass-1", stdout=out)
    assert Petition.objects.count() == total
