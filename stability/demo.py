"""Demo risk matters (seed_demo, order 40): a dozen disputes across the seed's categories."""

from datetime import date, timedelta

from accounts.models import OrgUnit, User
from core.dates import local_today
from core.demo import register
from stability import services
from stability.models import RiskMatter

# (unit, category, risk, title, people involved, count, plan, days ago, contacts, resolved)
# Each contact is (days ago, what was discussed, what was agreed, next step).
MATTERS = [
    ("T01", "land_demolition", "high", "东风村三组征地补偿款分配争议",
     "东风村三组约40户村民", 120, "包案领导牵头，会同自然资源局核实补偿标准，分户公示分配方案。", 75,
     [(70, "村民代表反映补偿款分配方案未经村民会议讨论", "同意召开村民代表会议重新讨论分配方案", "两周内召开村民代表会议"),
      (50, "通报村民代表会议结果及公示安排", "分配方案公示七天，无异议后发放", "跟进公示结果")], None),
    ("T01", "enterprise_restructuring", "medium", "原城关农机厂改制职工社保接续问题",
     "原农机厂下岗职工约25人", 25, "协调人社局逐人核对工龄，补缴断缴社保。", 60,
     [(55, "职工反映改制时工龄未完全认定", "人社局派员逐人核对档案", "月底前出核对结果")], None),
    ("T02", "land_demolition", "high", "东城片区旧城改造房屋安置面积纠纷",
     "东城片区拆迁户约30户", 30, "住建局复核测绘面积，对争议户逐户上门解释政策。", 90,
     [(85, "拆迁户对测绘面积有异议", "委托第三方重新测绘", "测绘完成后反馈"),
      (40, "反馈第三方测绘结果", "按新测绘面积调整安置方案，拆迁户表示接受", "签订补充协议")],
     (20, "已签订补充协议，安置面积按复测结果执行，拆迁户签字表示满意。")),
    ("T03", "environment", "high", "西城工业园企业异味扰民",
     "园区周边两个小区居民", None, "生态环境局督促企业整改废气处理设施，定期公开监测数据。", 45,
     [(40, "居民反映夜间异味明显", "生态环境局夜间突击监测并责令企业限期整改", "整改期满复查")], None),
    ("T04", "environment", "medium", "南湖镇养殖场污水排放纠纷",
     "下游三个村民小组", None, "责令养殖场建设污水处理池，镇政府跟踪督办。", 100,
     [(95, "村民反映养殖污水流入灌溉渠", "养殖场承诺两个月内建成处理池", "验收处理池")],
     (30, "处理池已建成并通过验收，排放达标，村民满意。")),
    ("T05", "labor_social_security", "high", "北山建筑工地农民工工资拖欠",
     "农民工约60人", 60, "人社局启动欠薪应急周转金，督促总包单位限期支付。", 30,
     [(28, "农民工代表反映三个月工资未发", "总包单位承诺十日内支付一半", "督促兑现"),
      (15, "核实首批工资发放情况", "已发放一半，余款约定月底结清", "月底核实")], None),
    ("T06", "labor_social_security", "medium", "青石镇环卫工人社保缴费基数争议",
     "环卫工人约18人", 18, "协调劳务公司按实际工资申报缴费基数。", 20, [], None),
    ("T07", "enterprise_restructuring", "high", "白沙原供销社改制遗留住房产权问题",
     "原供销社职工家属约50户", 50, "自然资源局、国资委联合梳理产权资料，分类办理不动产登记。", 150,
     [(140, "住户反映房改房无法办理产权证", "成立工作专班梳理历史资料", "专班每月通报进展"),
      (100, "通报资料梳理进展", "分三批办理登记，首批20户", "首批办证")], None),
    ("T08", "land_demolition", "low", "河口镇道路拓宽青苗补偿标准争议",
     "沿线农户约12户", 12, "按县定标准补偿，并向农户逐一解释。", 40,
     [(35, "农户认为青苗补偿偏低", "按最新标准复核，差额补足", "发放差额")],
     (25, "差额补偿已发放到户，农户无异议。")),
    ("T09", "labor_social_security", "medium", "柳林乡敬老院护理员劳动合同纠纷",
     "护理员约8人", 8, "乡政府牵头与护理员协商签订规范劳动合同。", 15, [], None),
    ("D02", "labor_social_security", "high", "某纺织企业停产职工经济补偿争议",
     "停产企业职工约120人", 120, "人社局会同企业主管部门制定经济补偿方案，分批兑付。", 50,
     [(45, "职工代表反映经济补偿标准不明确", "公布补偿计算办法并设咨询点", "一周后再次座谈")], None),
    ("D05", "enterprise_restructuring", "medium", "市属企业改制职工身份置换补偿遗留问题",
     "原企业职工约35人", 35, "国资委核查改制档案，依政策补足身份置换金。", 200,
     [(190, "职工反映身份置换金计算有误", "国资委组织复核", "公布复核结果"),
      (120, "公布复核结果", "对12人补足差额，其余人员政策解释到位", "兑付差额")],
     (90, "差额已兑付，职工在化解协议上签字表示满意。")),
]


@register(40, "stability risk matters")
def seed_stability(*, password: str, stdout, today: date | None = None) -> None:
    today = today or local_today()
    created = 0
    for (code, category, risk, title, people, count, plan, opened, contacts,
         resolved) in MATTERS:
        unit = OrgUnit.objects.filter(code=code).first()
        clerk = User.objects.filter(username=f"clerk_{code}").first()
        leader = User.objects.filter(username=f"leader_{code}").first()
        if unit is None or clerk is None or leader is None:
            continue
        if RiskMatter.objects.filter(org_unit=unit, title=title).exists():
            continue
        matter = services.matter_create(
            actor=clerk, title=title, category=category, org_unit=unit, risk_level=risk,
            people_involved=people, people_count=count, leader=leader, plan=plan,
            opened_on=today - timedelta(days=opened))
        for days_ago, summary, outcome, next_step in contacts:
            services.matter_log_contact(matter_id=matter.pk, actor=leader,
                                        on=today - timedelta(days=days_ago), summary=summary,
                                        outcome=outcome, next_step=next_step)
        if resolved:
            services.matter_resolve(matter_id=matter.pk, actor=leader,
                                    on=today - timedelta(days=resolved[0]), outcome=resolved[1])
        created += 1
    stdout.write(f"risk matters: {RiskMatter.objects.count()}, new: {created}")
