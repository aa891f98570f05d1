"""The demo org tree and users (api.md, seed_demo)."""

from datetime import datetime, time, timedelta
from typing import TextIO

from django.utils import timezone

from accounts import roles
from accounts.models import OrgUnit
from accounts.services import org_unit_ensure, roles_sync, user_ensure
from core.dates import local_today
from core.demo import register

TOWNSHIPS = ["城关镇", "东城街道", "西城街道", "南湖镇", "北山镇",
             "青石镇", "白沙镇", "河口镇", "柳林乡", "高新区管委会"]
DEPARTMENTS = ["市住房和城乡建设局", "市人力资源和社会保障局", "市生态环境局",
               "市自然资源和规划局", "市国有资产监督管理委员会"]
VILLAGES = ["东风村", "红旗社区", "新民村"]


@register(0, "org units and users")
def seed_accounts(*, password: str, stdout: TextIO) -> None:
    roles_sync()
    city = org_unit_ensure(code="C00", name="市信访局", kind=OrgUnit.Kind.CITY, parent=None)
    created = 0
    for number, name in enumerate(TOWNSHIPS, start=1):
        township = org_unit_ensure(code=f"T{number:02d}", name=name,
                                   kind=OrgUnit.Kind.TOWNSHIP, parent=city)
        for v, village in enumerate(VILLAGES, start=1):
            org_unit_ensure(code=f"T{number:02d}V{v:02d}", name=f"{name[:2]}{village}",
                            kind=OrgUnit.Kind.VILLAGE, parent=township)
    for number, name in enumerate(DEPARTMENTS, start=1):
        org_unit_ensure(code=f"D{number:02d}", name=name,
                        kind=OrgUnit.Kind.DEPARTMENT, parent=city)

    people = [("admin", city, [], "系统管理员", True),
              ("city", city, [roles.CITY_OFFICER], "市信访局 王科长", False),
              ("supervisor", city, [roles.SUPERVISOR], "督查室 李主任", False)]
    for unit in OrgUnit.objects.filter(kind__in=OrgUnit.REPORTING_KINDS).order_by("code"):
        people.append((f"clerk_{unit.code}", unit, [roles.CLERK], f"{unit.name}信访专干", False))
        people.append((f"leader_{unit.code}", unit, [roles.LEADER], f"{unit.name}分管领导", False))
    for username, unit, user_roles, full_name, superuser in people:
        _user, was_created = user_ensure(username=username, password=password, org_unit=unit,
                                         roles=user_roles, full_name=full_name,
                                         is_superuser=superuser)
        created += was_created
    created += _seed_village_clerks(password)
    stdout.write(f"org units: {OrgUnit.objects.count()}, new users: {created}")


def _seed_village_clerks(password: str) -> int:
    """城关镇's villages got their village clerks (村信息员) about four months ago: from
    then on each files the village's monthly screening report to the township."""
    appointed = local_today().replace(day=1) - timedelta(days=100)
    created = 0
    for village in OrgUnit.objects.filter(parent__code="T01", kind=OrgUnit.Kind.VILLAGE,
                                          is_active=True).order_by("code"):
        user, was_created = user_ensure(
            username=f"village_{village.code}", password=password, org_unit=village,
            roles=[roles.VILLAGE_CLERK], full_name=f"{village.name}信息员")
        if was_created:
            user.date_joined = timezone.make_aware(datetime.combine(appointed, time(9)))
            user.save(update_fields=["date_joined"])
        created += was_created
    return created
