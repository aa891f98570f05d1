"""Demo data: the 6月10日 joint meeting that deployed the 积案化解年 campaign and
its 18 backlog cases, and a later meeting whose decision became a supervision order."""

from datetime import date, timedelta

from accounts.models import OrgUnit, User
from backlog.demo import CAMPAIGN
from backlog.models import BacklogCase, Campaign
from core.dates import local_today
from core.demo import register
from meetings import services
from meetings.models import Meeting, MeetingItem

TITLE = "{year}年市信访工作联席会议第三次会议"


@register(35, "joint meetings")
def seed_meetings(*, password: str, stdout, today: date | None = None) -> None:
    campaign = Campaign.objects.filter(name=CAMPAIGN).first()
    if campaign is None or Meeting.objects.filter(campaign=campaign).exists():
        stdout.write("meetings: already seeded (or no campaign)")
        return
    today = today or local_today()
    year = campaign.year
    held_on = date(year, 6, 10)
    city = User.objects.get(username="city")
    cases = list(BacklogCase.objects.filter(campaign=campaign).select_related("org_unit")
                 .order_by("id"))
    units = list(OrgUnit.objects.filter(kind__in=OrgUnit.REPORTING_KINDS, is_active=True))
    title = TITLE.format(year=year)
    meeting = services.meeting_create(
        actor=city, held_on=held_on, title=title, number="第三次会议", units=units,
        campaign=campaign, today=max(today, held_on),
        summary="研究部署信访积案化解年专项行动，逐案明确牵头单位、包案领导和化解时限。",
        items=[{"subject": c.title, "lead_unit": c.org_unit, "due_on": c.due_on,
                "decision": "列入积案化解年专项行动，由属地包案领导牵头，限期化解到位。"}
               for c in cases])
    # The 18 cases were handed over on this meeting's decisions: link each to its item.
    for item, case in zip(meeting.items.order_by("position"), cases, strict=True):
        MeetingItem.objects.filter(pk=item.pk).update(backlog_case=case)
    Campaign.objects.filter(pk=campaign.pk).update(launched_by_meeting=title,
                                                   meeting_on=held_on)
    stdout.write(f"meetings: {title} with {len(cases)} decisions")
    _seed_order_meeting(city, today)


def _seed_order_meeting(city, today: date) -> None:
    """A later meeting studies an overdue backlog case and orders it supervised."""
    supervisor = User.objects.filter(username="supervisor").first()
    late = (BacklogCase.objects.filter(status__in=["assigned", "plan_submitted", "in_progress"])
            .order_by("due_on", "id").first())
    if supervisor is None or late is None:
        return
    held_on = today - timedelta(days=3)
    meeting = services.meeting_create(
        actor=city, held_on=held_on, title=f"{held_on.year}年市信访工作联席会议第四次会议",
        number="第四次会议", units=[late.org_unit], today=today,
        items=[{"target_type": "backlog_case", "target_id": late.pk, "lead_unit": late.org_unit,
                "due_on": today + timedelta(days=20),
                "decision": "逾期未化解，挂牌督办，包案领导一周内提交化解方案。"}])
    services.item_make_order(actor=supervisor, item_id=meeting.items.get().pk, level="listed",
                             today=today)
