"""Demo supervision data: orders at every level and status, an escalation, a
notice, an accountability record and three months of scores (idempotent)."""

from datetime import date, timedelta

from accounts.models import OrgUnit, User
from core.dates import local_today
from core.demo import register
from supervision import services
from supervision.assessment import assessment_recompute, periods_of
from supervision.jobs import flag_overdue_orders
from supervision.models import AccountabilityRecord, Notice, SupervisionOrder

# (unit, level, days from today to the due date, what happens)
PLAN = [("T01", "general", 10, "open"), ("T02", "key", 5, "responded"),
        ("T03", "listed", 20, "closed"), ("T04", "key", -6, "overdue"),
        ("T05", "listed", -12, "escalated"), ("D01", "general", 2, "open"),
        ("D02", "key", -3, "overdue"), ("T06", "general", 15, "responded")]


@register(50, "supervision")
def seed_supervision(*, password: str, stdout, today: date | None = None) -> None:
    if SupervisionOrder.objects.exists():
        stdout.write("supervision: already seeded")
        return
    supervisor = User.objects.get(username="supervisor")
    today = today or local_today()
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=[p[0] for p in PLAN])}
    petition_ids = _petitions_by_unit()
    for code, level, days, fate in PLAN:
        unit = units[code]
        issued = today - timedelta(days=30)
        target = petition_ids.get(unit.pk)
        if target is None:
            continue  # no petition to put the order on in this data set
        order = services.order_create(
            actor=supervisor, target_type="petition", target_id=target, org_unit=unit, level=level,
            due_on=today + timedelta(days=days), instructions=f"请{unit.name}于期限内办结并书面反馈。",
            today=issued if days < 0 else today)
        clerk = User.objects.filter(username=f"clerk_{code}").first()
        if fate in ("responded", "closed"):
            services.order_respond(actor=clerk, order_id=order.pk, note="已约见信访人，正在落实化解措施。")
        if fate == "closed":
            services.order_close(actor=supervisor, order_id=order.pk)
        if fate == "escalated":
            services.order_escalate(actor=supervisor, order_id=order.pk, to="city_leadership",
                                    note="逾期未反馈，提请市分管领导督办。")
    flag_overdue_orders(as_of=today)
    late = SupervisionOrder.objects.filter(org_unit=units["T05"]).first()
    if late is None:
        return
    notice = services.notice_publish(
        actor=supervisor, org_unit=units["T05"], title="关于T05督办事项逾期未反馈的通报",
        body="经查，该单位对市信访局督办事项逾期未反馈，现予通报批评，限期整改。",
        evidence=[{"type": "supervision_order", "id": late.pk, "label": late.number}])
    AccountabilityRecord.objects.create(
        org_unit=units["T05"], person="张某", position="信访专干", rule="《信访工作条例》第四十七条",
        facts="督办事项逾期未办理反馈", decision="约谈提醒", decided_on=today, notice=notice,
        order=late, recorded_by=supervisor)
    for months_back in (2, 1, 0):
        day = (today.replace(day=1) - timedelta(days=months_back * 28)).replace(day=1)
        day = today if months_back == 0 else day
        assessment_recompute(as_of=day, periods=periods_of(day))
    stdout.write(f"supervision: {SupervisionOrder.objects.count()} orders, "
                 f"{Notice.objects.count()} notice")



def _petitions_by_unit() -> dict[int, int]:
    """The latest petition of each unit, to put the demo orders on."""
    from petitions.models import Petition
    latest = {}
    for pk, unit_id in Petition.objects.values_list("pk", "org_unit_id").order_by("pk"):
        latest[unit_id] = pk
    return latest
