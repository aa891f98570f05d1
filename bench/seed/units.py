"""Org units (city, townships, departments, villages) and their users."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import OrgUnit, User
from accounts.services import roles_sync
from bench.seed.base import DEPT_WORDS, PASSWORD, TOWN_WORDS


def seed_org(opts, out) -> dict:
    """The unit tree and the users; returns what the other sections pick from."""
    roles_sync()
    city = _seed_units(opts)
    reporting = list(OrgUnit.objects.filter(kind__in=OrgUnit.REPORTING_KINDS,
                                            is_active=True).order_by("code"))
    villages = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.VILLAGE).order_by("code"))
    created = _seed_users(opts, city, reporting, villages)
    out(f"org units: {OrgUnit.objects.count()}, users: {User.objects.count()} "
        f"({created} new)")
    return _org_summary(city, reporting, villages)


def _seed_units(opts) -> OrgUnit:
    units = {u.code: u for u in OrgUnit.objects.all()}
    city = units.get("C00")
    if city is None:
        city = OrgUnit(code="C00", name="市信访局", kind=OrgUnit.Kind.CITY)
        city.save()
    new: list[OrgUnit] = []

    def want(code, name, kind, parent):
        if code not in units:
            unit = OrgUnit(code=code, name=name, kind=kind, parent=parent,
                           path=f"{parent.path}{code}/")
            units[code] = unit
            new.append(unit)

    towns = [f"T{n:02d}" for n in range(1, opts["townships"] + 1)]
    for n, code in enumerate(towns):
        want(code, f"{TOWN_WORDS[n % len(TOWN_WORDS)]}镇" + (str(n // 30) if n >= 30 else ""),
             OrgUnit.Kind.TOWNSHIP, city)
    for n in range(1, opts["departments"] + 1):
        want(f"D{n:02d}", "市" + DEPT_WORDS[(n - 1) % len(DEPT_WORDS)]
             + (str(n // 10) if n > 10 else ""), OrgUnit.Kind.DEPARTMENT, city)
    OrgUnit.objects.bulk_create(new)
    new.clear()
    per_town = max(1, opts["villages"] // max(1, len(towns)))
    extra = opts["villages"] - per_town * len(towns)
    for t, code in enumerate(towns):
        for v in range(1, per_town + (1 if t < extra else 0) + 1):
            want(f"{code}V{v:02d}", f"{units[code].name[:2]}第{v}村", OrgUnit.Kind.VILLAGE,
                 units[code])
    OrgUnit.objects.bulk_create(new)
    return city


def _wanted_users(opts, city, reporting, villages) -> list[tuple]:
    """(username, unit, role) of every user the data set has."""
    wanted = [("city", city, roles.CITY_OFFICER), ("supervisor", city, roles.SUPERVISOR)]
    for unit in reporting:
        wanted += [(f"clerk_{unit.code}", unit, roles.CLERK),
                   (f"leader_{unit.code}", unit, roles.LEADER)]
    for unit in villages:
        wanted.append((f"clerk_{unit.code}", unit, roles.CLERK))
    n = 0
    while len(wanted) < opts["users"]:
        unit = reporting[n % len(reporting)]
        wanted.append((f"staff_{unit.code}_{n:04d}", unit, roles.CLERK))
        n += 1
    return wanted[:max(opts["users"], 2 + 2 * len(reporting))]


def _seed_users(opts, city, reporting, villages) -> int:
    existing = set(User.objects.values_list("username", flat=True))
    groups = {g.name: g.pk for g in Group.objects.all()}
    password = make_password(PASSWORD)
    users, links = [], []
    for username, unit, role in _wanted_users(opts, city, reporting, villages):
        if username in existing:
            continue
        users.append(User(username=username, password=password, org_unit=unit,
                          full_name=f"{unit.name}{username.split('_')[0]}"))
        links.append(role)
    if users:
        User.objects.bulk_create(users, batch_size=2000)
        ids = dict(User.objects.filter(username__in=[u.username for u in users])
                   .values_list("username", "pk"))
        through = User.groups.through
        through.objects.bulk_create(
            [through(user_id=ids[u.username], group_id=groups[role])
             for u, role in zip(users, links, strict=True)], batch_size=5000)
    return len(users)


def _org_summary(city, reporting, villages) -> dict:
    clerks = list(User.objects.filter(groups__name=roles.CLERK,
                                      org_unit__kind__in=OrgUnit.REPORTING_KINDS)
                  .values_list("pk", "org_unit_id"))
    leaders = dict(User.objects.filter(groups__name=roles.LEADER)
                   .values_list("org_unit_id", "pk"))
    villages_of: dict[int, list[int]] = {}
    for v in villages:
        villages_of.setdefault(v.parent_id, []).append(v.pk)
    return {"city": city, "reporting": reporting, "villages_of": villages_of,
            "clerks": clerks, "leaders": leaders,
            "city_user": User.objects.get(username="city").pk}
