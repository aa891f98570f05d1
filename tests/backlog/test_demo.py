from io import StringIO

from django.core.management import call_command

from backlog.models import BacklogCase, Campaign


def test_the_demo_campaign_has_18_cases_some_resolved_some_verified_and_reruns_are_noops(db):
    call_command("seed_demo", "--password", "Seed-Pass-2026", stdout=StringIO())
    campaign = Campaign.objects.get()
    assert campaign.meeting_on.month == 6
    cases = BacklogCase.objects.filter(campaign=campaign)
    assert cases.count() == 18
    statuses = set(cases.values_list("status", flat=True))
    assert {"assigned", "plan_submitted", "in_progress", "resolved", "verified"} <= statuses
    assert all(c.leader.org_unit_id == c.org_unit_id for c in cases.select_related("leader"))
    resolved = cases.filter(status__in=["resolved", "verified"])
    assert resolved.exists()
    assert all(c.outcome_document in ("agreement", "decision") and c.satisfaction_signed
               for c in resolved)
    assert not cases.filter(outcome__contains="息诉罢访").exists()
    call_command("seed_demo", stdout=StringIO())
    assert BacklogCase.objects.count() == 18
