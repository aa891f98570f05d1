"""Demo data of issue 20: cases from above with feedback upward, and leader reception days."""

from datetime import date, timedelta

from accounts.models import User
from core.dates import local_today
from core.demo import register
from petitions import services as sv
from petitions.models import LeaderReception, Petition

# (unit, title, reference, received days ago, feedback days after receipt, how far handled)
UPPER = [
    ("T03", "原化肥厂职工养老保险接续问题", "省信访局交办〔{y}〕27号", 75, 60, "fed_back"),
    ("T05", "采石场粉尘影响农作物", "省信访局转送〔{y}〕41号", 50, 45, "replied"),
    ("D02", "工伤待遇长期未兑现", "国家信访局转送〔{y}〕118号", 40, 30, "accepted"),
    ("T01", "老街拆迁安置房交付延期", "省信访局交办〔{y}〕52号", 10, 30, "registered"),
]
# (unit, place, days ago, petitions: (title, category, how far handled))
RECEPTIONS = [
    ("T01", "城关镇信访接待室", 40, [("道路拓宽占地补偿标准", "land_demolition", "closed"),
                                      ("农田灌溉渠道损毁", "rural_affairs", "replied")]),
    ("T04", "南湖镇政府一楼接待大厅", 12, [("库区移民后扶资金发放", "rural_affairs", "accepted"),
                                           ("土地流转租金拖欠", "rural_affairs", "registered")]),
]


def _advance(p: Petition, clerk, state: str, today: date) -> None:
    if state == "registered":
        return
    on = min(p.received_on + timedelta(days=3), today)
    sv.petition_accept(petition_id=p.pk, actor=clerk, on=on, today=today)
    if state == "accepted":
        return
    on = min(on + timedelta(days=25), today)
    sv.petition_reply(petition_id=p.pk, actor=clerk, on=on,
                      opinion="经调查核实，已督促责任单位整改，并书面答复信访人。", today=today)
    if state == "fed_back":
        sv.petition_feedback(petition_id=p.pk, actor=clerk, on=min(on + timedelta(days=5), today),
                             result="已按要求办结，书面答复信访人，办理结果报上级信访部门。",
                             today=today)
    if state == "closed":
        sv.petition_close(petition_id=p.pk, actor=clerk, on=min(on + timedelta(days=31), today),
                          satisfaction="satisfied", today=today)


@register(12, "cases from above and reception days")
def seed_practices(*, password: str, stdout, today: date | None = None) -> None:
    if Petition.objects.filter(source=Petition.Source.UPPER).exists() \
            or LeaderReception.objects.exists():
        stdout.write("cases from above, reception days: already seeded")
        return
    today = today or local_today()
    users = {u.username: u for u in User.objects.filter(username__regex=r"^(clerk|leader)_")
             .select_related("org_unit")}
    for (code, title, ref, ago, feedback_days, state), name in zip(
            UPPER, ["刘桂兰", "陈志强", "赵德明", "孙秀英"], strict=True):
        clerk = users[f"clerk_{code}"]
        received = today - timedelta(days=ago)
        p = sv.petition_register(
            actor=clerk, channel="letter", received_on=received, org_unit=clerk.org_unit,
            category="other", title=title, content=f"上级信访部门转来：{title}，请依法处理并按期反馈。",
            headcount=1, level="province", petitioners=[{"name": name}],
            source="upper", upper_ref=ref.format(y=received.year),
            feedback_due=received + timedelta(days=feedback_days), today=received)
        _advance(p, clerk, state, today)
    names = iter(["周海涛", "吴春梅", "郭国华", "马玉珍"])
    for code, place, ago, received in RECEPTIONS:
        clerk, leader = users[f"clerk_{code}"], users[f"leader_{code}"]
        day = today - timedelta(days=ago)
        reception = sv.reception_create(actor=clerk, held_on=day, leader=leader, place=place,
                                        today=today)
        for title, category, state in received:
            p = sv.petition_register(
                actor=clerk, channel="leader_reception", received_on=day,
                org_unit=clerk.org_unit, category=category, title=title,
                content=f"信访人在领导接访日反映：{title}。", headcount=1, level="local",
                petitioners=[{"name": next(names)}], reception=reception, today=day)
            _advance(p, clerk, state, today)
    stdout.write(f"cases from above: {len(UPPER)}; reception days: {len(RECEPTIONS)}")
