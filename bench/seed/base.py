"""What every seeding section shares: the options, the word lists, bulk writing.

Every table is written with bulk inserts: COPY on PostgreSQL, executemany
elsewhere (the tests' SQLite). Primary keys are assigned here, so events can
point at their parent without reading anything back, and the sequences are
moved past them at the end.
"""

import io
import json
from datetime import date, datetime, time

from django.db import connection
from django.db.models import Max

DEFAULTS = {"townships": 30, "departments": 10, "villages": 400, "users": 1000,
            "petitions": 200_000, "events_per_petition": 5, "repeat_share": 0.30,
            "open_share": 0.12, "units": 40, "months": 60, "backlog": 2000,
            "risks": 1000, "orders": 5000, "start_year": 2022, "scale": 1}
# Petitions are built and written this many at a time (memory stays under ~1 GB at any
# scale; `--scale 10` is ten chunks).
PETITION_CHUNK = 200_000
PASSWORD = "bench-pass-2026"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红梅海波"
TOWN_WORDS = ["城关", "东城", "西城", "南湖", "北山", "青石", "白沙", "河口", "柳林", "高新",
              "桃源", "石桥", "龙潭", "凤山", "金溪", "银湖", "松岗", "杏花", "梅岭", "竹园",
              "长乐", "永安", "太平", "新华", "和平", "红星", "光明", "胜利", "团结", "前进"]
DEPT_WORDS = ["住房和城乡建设局", "人力资源和社会保障局", "生态环境局", "自然资源和规划局",
              "国有资产监督管理委员会", "公安局", "教育局", "卫生健康委员会", "交通运输局",
              "市场监督管理局"]
TITLES = {
    "land_demolition": ["征地补偿标准争议", "房屋拆迁安置问题", "宅基地确权纠纷"],
    "environment": ["工厂噪声扰民", "河道污染投诉", "餐饮油烟扰民"],
    "labor_social_security": ["拖欠农民工工资", "社保缴费年限认定", "工伤认定争议"],
    "enterprise_restructuring": ["改制企业职工安置", "企业改制遗留养老问题"],
    "urban_construction": ["小区物业管理纠纷", "道路施工影响出行", "违章建筑举报"],
    "rural_affairs": ["土地承包经营权纠纷", "村务公开问题", "农村低保评定"],
    "law_litigation": ["判决执行难", "涉法涉诉申诉"],
    "other": ["咨询政策", "其他诉求"],
}
CATEGORY_WEIGHTS = [("land_demolition", 18), ("environment", 12), ("labor_social_security", 20),
                    ("enterprise_restructuring", 5), ("urban_construction", 18),
                    ("rural_affairs", 12), ("law_litigation", 7), ("other", 8)]
CHANNEL_WEIGHTS = [("letter", 20), ("visit", 35), ("online", 35), ("phone", 10)]
LEVEL_WEIGHTS = [("local", 72), ("city", 18), ("province", 8), ("national", 2)]
# Non-open outcomes of older petitions; open steps are drawn separately.
DONE_WEIGHTS = [("closed", 70), ("replied", 8), ("reviewed", 4), ("rechecked", 2),
                ("declined", 8), ("forwarded", 8)]
OPEN_WEIGHTS = [("registered", 25), ("accepted", 15), ("assigned", 35), ("under_review", 15),
                ("under_recheck", 10)]
SATISFACTION = ["satisfied", "satisfied", "basically_satisfied", "dissatisfied", ""]
CONTENT = "来访人反映相关问题，请求依法依规予以处理并答复。"


def pick(rng, weighted):
    total = sum(w for _v, w in weighted)
    x = rng.random() * total
    for value, weight in weighted:
        x -= weight
        if x < 0:
            return value
    return weighted[-1][0]


# ------------------------------------------------------------------ bulk writing

def is_pg() -> bool:
    return connection.vendor == "postgresql"


def _text(value) -> str:
    kind = type(value)
    if kind is str:  # most values: one membership scan, then as is
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                    .replace("\r", "\\r"))
        return value
    if kind is int:
        return str(value)
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    value = str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                 .replace("\r", "\\r"))
    return value


def _adapt(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def bulk_insert(model, fields: list[str], rows) -> int:
    """Insert tuples (in `fields` order, attnames) into the model's table."""
    table = connection.ops.quote_name(model._meta.db_table)
    by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
    columns = [by_attname[f] for f in fields]
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if is_pg():
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join(_text(v) for v in row))
                buffer.write("\n")
                count += 1
            buffer.seek(0)
            cursor.cursor.copy_expert(f"COPY {table} ({cols}) FROM STDIN", buffer)
        else:
            marks = ", ".join(["%s"] * len(columns))
            batch = []
            for row in rows:
                batch.append([_adapt(v) for v in row])
                count += 1
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", batch)
    return count


def next_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def reset_sequences(*models) -> None:
    if not is_pg():
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"COALESCE((SELECT MAX(id) FROM {table}), 1))")


def at_time(day: date, rng, tz) -> datetime:
    return datetime.combine(day, time(8 + rng.randrange(10), rng.randrange(60)), tzinfo=tz)


def bisect(cum, x):
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] > x:
            hi = mid
        else:
            lo = mid + 1
    return lo
