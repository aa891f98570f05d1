from io import StringIO

from django.core.management import call_command

from stability.models import ContactLog, RiskMatter


def test_the_demo_seeds_a_dozen_matters_across_the_seeds_categories_once(db):
    call_command("seed_demo", "--password", "Seed-Pass-2026", stdout=StringIO())
    assert RiskMatter.objects.count() == 12
    assert {"land_demolition", "environment", "labor_social_security",
            "enterprise_restructuring"} <= set(RiskMatter.objects.values_list("category",
                                                                              flat=True))
    assert set(RiskMatter.objects.values_list("status", flat=True)) == {
        "open", "in_progress", "resolved"}
    contacts = ContactLog.objects.count()
    assert contacts >= 10
    call_command("seed_demo", stdout=StringIO())
    assert (RiskMatter.objects.count(), ContactLog.objects.count()) == (12, contacts)
