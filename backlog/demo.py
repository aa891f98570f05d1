"""Demo data: the clearance campaign of the seed document (18 cases)."""

from datetime import date, timedelta

from accounts.models import User
from backlog import services
from backlog.models import BacklogCase, Campaign
from core.dates import local_today
from core.demo import register

CAMPAIGN = "信访积案化解年专项行动"
# (title, unit code): 18 cases that became backlog by missing their time limits.
CASES = [
    ("城关镇老街拆迁安置补偿遗留问题", "T01"), ("东城街道某小区房屋质量问题", "T02"),
    ("西城街道原化肥厂职工社保接续问题", "T03"), ("南湖镇土地征收补偿款分配纠纷", "T04"),
    ("北山镇采石场粉尘污染问题", "T05"), ("青石镇村集体经济组织成员资格认定", "T06"),
    ("白沙镇农民工工资拖欠问题", "T07"), ("河口镇宅基地确权纠纷", "T08"),
    ("柳林乡林地承包合同纠纷", "T09"), ("高新区企业搬迁职工安置问题", "T10"),
    ("某商住小区办证难问题", "D01"), ("原国有企业改制职工身份置换补偿", "D05"),
    ("工伤认定及待遇支付争议", "D02"), ("养殖场异味扰民问题", "D03"),
    ("城郊村规划调整影响建房问题", "D04"), ("城关镇道路拓宽占地补偿问题", "T01"),
    ("东城街道老旧小区改造加装电梯纠纷", "T02"), ("南湖镇水库移民后期扶持问题", "T04"),
]


@register(30, "backlog campaign")
def seed_backlog(*, password: str, stdout, today: date | None = None) -> None:
    if Campaign.objects.filter(name=CAMPAIGN).exists():
        stdout.write("backlog: campaign already seeded")
        return
    today = today or local_today()
    year = today.year if today.month >= 7 else today.year - 1
    meeting = date(year, 6, 18)
    city = User.objects.get(username="city")
    campaign = services.campaign_create(
        actor=city, name=CAMPAIGN, year=year, starts_on=date(year, 6, 20),
        ends_on=date(year, 12, 31), launched_by_meeting="全市信访工作联席会议（6月）",
        meeting_on=meeting)
    leaders = {u.org_unit.code: u for u in User.objects.filter(username__startswith="leader_")
               .select_related("org_unit")}
    assigned = date(year, 6, 20)
    for index, (title, code) in enumerate(CASES):
        # Some deadlines already passed (overdue), most at the end of the campaign.
        due = assigned + timedelta(days=60) if index % 6 == 5 else date(year, 12, 31)
        case = services.case_create(actor=city, campaign=campaign, title=title,
                                    org_unit=leaders[code].org_unit, leader=leaders[code],
                                    due_on=due, assigned_on=assigned)
        leader = leaders[code]
        if index % 6 == 0:
            continue  # still waiting for a plan
        services.case_submit_plan(case_id=case.pk, actor=leader,
                                  plan="包案领导牵头，约谈当事人，核实诉求，依法依规分类化解。")
        if index % 6 == 1:
            continue
        services.case_report_progress(case_id=case.pk, actor=leader,
                                      on=min(assigned + timedelta(days=20 + index), today),
                                      note="已约谈信访人，形成初步化解意见。")
        if index % 6 in (2, 5):
            continue
        resolved_on = min(assigned + timedelta(days=40 + 3 * index), today)
        # A settlement agreement or the written decision, signed as satisfied:
        # the matter is settled; nobody promises to stop petitioning.
        agreement = index % 2 == 0
        services.case_resolve(
            case_id=case.pk, actor=leader, on=resolved_on,
            outcome_document="agreement" if agreement else "decision", satisfaction_signed=True,
            outcome=("双方签订化解协议，诉求已依法依规解决，信访人签字表示满意。" if agreement
                     else "出具处理意见书，诉求已依法解决，信访人签字表示满意。"))
        if index % 6 == 3:
            # Verified (销号): dated after the resolution, as the city checked it then.
            services.case_verify(case_id=case.pk, actor=city)
            BacklogCase.objects.filter(pk=case.pk).update(
                verified_on=min(resolved_on + timedelta(days=10), today))
    counts = {s: BacklogCase.objects.filter(campaign=campaign, status=s).count()
              for s in BacklogCase.Status.values}
    stdout.write(f"backlog: 18 cases {counts}")
