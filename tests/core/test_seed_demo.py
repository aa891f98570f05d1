from io import StringIO

from django.core.management import call_command

from accounts.models import OrgUnit, User


def test_seed_demo_builds_the_city_and_its_users(db):
    call_command("seed_demo", "--password", "Seed-Pass-2026", stdout=StringIO())
    assert OrgUnit.objects.get(code="C00").kind == "city"
    assert OrgUnit.objects.filter(kind="township", code__regex=r"^T(0[1-9]|10)$").count() == 10
    assert OrgUnit.objects.filter(kind="department").count() == 5
    assert OrgUnit.objects.filter(kind="village", parent__code="T01").exists()
    clerk = User.objects.get(username="clerk_T01")
    assert clerk.check_password("Seed-Pass-2026")
    assert clerk.org_unit.code == "T01"
    assert list(clerk.groups.values_list("name", flat=True)) == ["clerk"]
    assert User.objects.get(username="leader_D03").groups.filter(name="leader").exists()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="city").groups.filter(name="city_officer").exists()
    assert User.objects.get(username="supervisor").groups.filter(name="supervisor").exists()


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo", stdout=StringIO())
    counts = (OrgUnit.objects.count(), User.objects.count())
    clerk = User.objects.get(username="clerk_T01")
    clerk.set_password("Changed-By-User-1")
    clerk.save()
    call_command("seed_demo", stdout=StringIO())
    assert (OrgUnit.objects.count(), User.objects.count()) == counts
    clerk.refresh_from_db()
    assert clerk.check_password("Changed-By-User-1")  # a re-seed never resets a password
