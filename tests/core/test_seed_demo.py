"""The demo (seed_demo): the city, its users, the backlog campaign and the risk
matters, seeded once for the module (`demo_world`); a second run changes nothing."""

from datetime import date
from io import StringIO

from django.core.management import call_command

from accounts.models import OrgUnit, User
from backlog.models import BacklogCase, Campaign
from petitions.models import Petition
from stability.models import ContactLog, RiskMatter
from tests.builders import DEMO_PASSWORD


def test_seed_demo_builds_the_city_and_its_users(demo_world, db):
    assert OrgUnit.objects.get(code="C00").kind == "city"
    assert OrgUnit.objects.filter(kind="township", code__regex=r"^T(0[1-9]|10)$").count() == 10
    assert OrgUnit.objects.filter(kind="department").count() == 5
    assert OrgUnit.objects.filter(kind="village", parent__code="T01").exists()
    clerk = User.objects.get(username="clerk_T01")
    assert clerk.check_password(DEMO_PASSWORD)
    assert clerk.org_unit.code == "T01"
    assert list(clerk.groups.values_list("name", flat=True)) == ["clerk"]
    assert User.objects.get(username="leader_D03").groups.filter(name="leader").exists()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="city").groups.filter(name="city_officer").exists()
    assert User.objects.get(username="supervisor").groups.filter(name="supervisor").exists()


def test_the_demo_campaign_has_18_cases_some_resolved_some_verified(demo_world, db):
    campaign = Campaign.objects.get()
    assert campaign.meeting_on.month == 6
    cases = BacklogCase.objects.filter(campaign=campaign)
    assert cases.count() == 18
    statuses = set(cases.values_list("status", flat=True))
    assert {"assigned", "plan_submitted", "in_progress", "resolved", "verified"} <= statuses
    assert all(c.leader.org_unit_id == c.org_unit_id for c in cases.select_related("leader"))
    resolved = cases.filter(status__in=["resolved", "verified"])
    assert resolved.exists()
    assert all(c.outcome_document in ("agreement", "decision") for c in resolved)
    assert all(c.satisfaction_signed for c in resolved)
    assert not cases.filter(outcome__contains="息诉罢访").exists()


def test_the_demo_seeds_a_dozen_matters_across_the_seeds_categories(demo_world, db):
    assert RiskMatter.objects.count() == 12
    assert {"land_demolition", "environment", "labor_social_security",
            "enterprise_restructuring"} <= set(RiskMatter.objects.values_list("category",
                                                                              flat=True))
    assert set(RiskMatter.objects.values_list("status", flat=True)) == {
        "open", "in_progress", "resolved"}
    assert ContactLog.objects.count() >= 10


def _counts():
    return (OrgUnit.objects.count(), User.objects.count(), BacklogCase.objects.count(),
            RiskMatter.objects.count(), ContactLog.objects.count(), Petition.objects.count())


def test_seed_demo_twice_changes_nothing(demo_world, db):
    counts = _counts()
    clerk = User.objects.get(username="clerk_T01")
    clerk.set_password("Changed-By-User-1")
    clerk.save()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == counts
    assert BacklogCase.objects.count() == 18
    assert RiskMatter.objects.count() == 12
    clerk.refresh_from_db()
    assert clerk.check_password("Changed-By-User-1")  # a re-seed never resets a password


def test_the_demo_campaign_traces_back_to_its_june_10_meeting(demo_world, db):
    from meetings.models import Meeting

    meeting = Meeting.objects.get(number="第三次会议")
    assert (meeting.held_on.month, meeting.held_on.day) == (6, 10)
    campaign = meeting.campaign
    assert campaign.meeting_on == meeting.held_on
    assert campaign.launched_by_meeting == meeting.title
    cases = BacklogCase.objects.filter(campaign=campaign)
    assert cases.count() == 18
    assert all(c.meeting_items.get().meeting == meeting for c in cases)
    assert Meeting.objects.filter(number="第四次会议", items__supervision_order__isnull=False
                                  ).exists()
    assert date(2000, 1, 1) < meeting.held_on


def test_the_demo_has_village_clerks_with_reports_one_missing_one_returned(demo_world, db):
    from alerts.models import Alert
    from screening.models import ScreeningReport

    clerks = User.objects.filter(groups__name="village_clerk").order_by("username")
    assert [u.username for u in clerks] == ["village_T01V01", "village_T01V02",
                                            "village_T01V03"]
    assert all(u.org_unit.parent.code == "T01" for u in clerks)
    village_reports = ScreeningReport.objects.filter(org_unit__kind="village")
    assert village_reports.filter(status="returned", org_unit__code="T01V02").exists()
    missing = Alert.objects.filter(kind="report_missing", org_unit__code="T01V03",
                                   cleared_on__isnull=True)
    assert missing.count() == 1
    township = ScreeningReport.objects.filter(org_unit__code="T01",
                                              period_id=missing.get().target_id).first()
    # (the township's own demo report may be one of the demo's missing ones)
    assert township is None or township.villages_missing_codes == ["T01V03"]


def test_the_demo_has_a_review_asked_online_and_an_audited_look_up(demo_world, db):
    from audit.models import AuditEntry

    waiting = Petition.objects.filter(review_asked_online_on__isnull=False)
    assert waiting.count() == 1 and waiting.get().status == "replied"
    lookup = AuditEntry.objects.get(action="person_lookup")
    assert lookup.data["reason"] == "handling" and lookup.data["note"]
