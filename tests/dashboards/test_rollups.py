"""The dashboards read rollup tables kept by triggers (dashboards.rollups, issue 21):
every figure they give equals the raw GROUP BY over the petitions, on seeded random
data changed every way a petition can change (created, moved between units, days,
channels and categories, its step handed over, accepted, replied to, closed, voided,
made a repeat of another, deleted), for every scope and unit filter: the volume, the
breakdown, the 进京/越级 counts, the leader receptions, the first-petition panel
(on time, resolved, repeat rate by unit) and the overdue steps. A unit moving in the
tree rebuilds them; rollups_rebuild agrees with the triggers.
"""

import random
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncMonth

from accounts import roles
from accounts.models import OrgUnit
from accounts.scoping import units_for
from dashboards.models import OpenStepCount, PetitionDayCount
from dashboards.rollups import rollups_differences, rollups_rebuild
from dashboards.selectors import (
    DashboardFilters,
    overdue_by_unit,
    petition_panels,
)
from petitions.models import Petition
from petitions.selectors import petition_scope
from tests.builders import make_user

TODAY = date(2026, 11, 18)
CHANNELS = ["letter", "visit", "online", "phone", "leader_reception"]
CATEGORIES = ["land_demolition", "environment", "labor_social_security", "other"]
STATUSES = ["registered", "accepted", "assigned", "replied", "closed", "forwarded"]
LEVELS = ["local", "city", "province", "national"]
SATISFACTIONS = ["", "satisfied", "basically_satisfied", "dissatisfied"]


# ------------------------------------------------------------------ the raw GROUP BY

def raw_petition_figures(user, flt):
    """The figures grouped from the petitions themselves (the dashboards' query before
    the rollups): the reference the rollups must equal."""
    qs = petition_scope(Petition.objects.all(), user)
    if flt.unit is not None:
        qs = qs.filter(org_unit__path__startswith=flt.unit.path)
    year = flt.end.year
    first, last = date(year - 1, 1, 1), date(year, 12, 31)
    rows = (qs.filter(received_on__gte=min(first, flt.start), received_on__lte=max(last, flt.end))
            .annotate(month=TruncMonth("received_on")).values("month", "channel", "category")
            .annotate(n=Count("id"), skipping=Count("id", filter=Q(is_level_skipping=True)),
                      collective=Count("id", filter=Q(is_collective=True)),
                      in_range=Count("id", filter=Q(received_on__gte=flt.start,
                                                    received_on__lte=flt.end)))
            .order_by())
    this, previous, skipping, collective = [0] * 12, [0] * 12, [0] * 12, [0] * 12
    channels: dict[str, int] = {}
    categories: dict[str, int] = {}
    for r in rows:
        i = r["month"].month - 1
        if r["month"].year == year:
            this[i] += r["n"]
            skipping[i] += r["skipping"]
            collective[i] += r["collective"]
        elif r["month"].year == year - 1:
            previous[i] += r["n"]
        channels[r["channel"]] = channels.get(r["channel"], 0) + r["in_range"]
        categories[r["category"]] = categories.get(r["category"], 0) + r["in_range"]
    return {"this_year": this, "last_year": previous, "level_skipping": skipping,
            "collective": collective, "channels": channels, "categories": categories}


def _raw_scoped(user, flt):
    qs = petition_scope(Petition.objects.all(), user)
    if flt.unit is not None:
        qs = qs.filter(org_unit__path__startswith=flt.unit.path)
    return qs.filter(received_on__gte=flt.start, received_on__lte=flt.end)


def raw_panels(user, flt, today, units):
    """The range's 进京/越级 counts, leader receptions and first-petition panel grouped
    from the petitions themselves (the dashboard's queries before the rollups)."""
    qs = _raw_scoped(user, flt)
    levels = qs.aggregate(national=Count("id", filter=Q(level="national")),
                          skipping=Count("id", filter=Q(is_level_skipping=True)))
    satisfied = ["satisfied", "basically_satisfied"]
    leader = qs.filter(channel="leader_reception").aggregate(
        received=Count("id"), closed=Count("id", filter=Q(status="closed")),
        satisfied=Count("id", filter=Q(status="closed", satisfaction__in=satisfied)))
    repeated = Exists(Petition.objects.filter(
        repeat_of=OuterRef("pk"), received_on__lte=OuterRef("closed_on") + timedelta(days=183)))
    first = Q(is_first=True)
    due = first & Q(accepted_on__isnull=False) & (Q(replied_on__isnull=False)
                                                  | Q(handling_due__lt=today))
    totals = qs.annotate(repeated=repeated).aggregate(
        first=Count("id", filter=first), due=Count("id", filter=due),
        on_time=Count("id", filter=due & Q(accepted_on__lte=F("acceptance_due"),
                                           replied_on__lte=F("handling_due"))),
        closed=Count("id", filter=first & Q(closed_on__isnull=False)),
        resolved=Count("id", filter=first & Q(closed_on__isnull=False,
                                              satisfaction__in=satisfied, repeated=False)))
    # By unit: each unit below the root (registered in its subtree), the root the rest.
    root = flt.unit or min(units, key=lambda u: len(u.path))
    children = [u for u in units if u.parent_id == root.pk]
    by_unit: dict[str, list[int]] = {}
    for path, is_repeat in qs.values_list("org_unit__path", "is_repeat"):
        code = next((c.code for c in children if path.startswith(c.path)), root.code)
        entry = by_unit.setdefault(code, [0, 0])
        entry[0] += 1
        entry[1] += is_repeat
    return {"national": levels["national"], "skipping": levels["skipping"], "leader": leader,
            "first": totals, "by_unit": by_unit}


def panels_shown(user, flt, today, units):
    panels = petition_panels(user, flt, today, units)
    first, receptions = panels["first"], panels["receptions"]
    return {"national": panels["volume"]["national_in_range"],
            "skipping": panels["volume"]["skipping_in_range"],
            "leader": {k: receptions[k] for k in ("received", "closed", "satisfied")},
            "first": {k: first[k] for k in ("first", "due", "on_time", "closed", "resolved")},
            "by_unit": {u["code"]: [u["n"], u["repeats"]] for u in first["by_unit"]}}


def raw_overdue(user, flt, today):
    qs = Petition.objects.filter(current_due__isnull=False, current_due__lt=today,
                                 responsible_unit__isnull=False)
    for prefix in (units_scope(user), flt.unit.path if flt.unit else None):
        if prefix is not None:
            qs = qs.filter(responsible_unit__path__startswith=prefix)
    return {r["path"]: r["n"] for r in qs.values(path=F("responsible_unit__path"))
            .annotate(n=Count("id")).order_by()}


def units_scope(user):
    from accounts.scoping import scope_path

    return scope_path(user)


def shown(user, flt):
    """What the dashboard shows for the petitions, from the rollups."""
    panels = petition_panels(user, flt, flt.end)
    volume, breakdown = panels["volume"], panels["breakdown"]
    return {"this_year": volume["this_year"], "last_year": volume["last_year"],
            "level_skipping": volume["level_skipping"], "collective": volume["collective"],
            "channels": {c["key"]: c["n"] for c in breakdown["channels"] if c["n"]},
            "categories": {c["key"]: c["n"] for c in breakdown["categories"] if c["n"]}}


def raw_nonzero(figures):
    return {**figures, "channels": {k: v for k, v in figures["channels"].items() if v},
            "categories": {k: v for k, v in figures["categories"].items() if v}}


def overdue_shown(user, flt, today, units):
    """overdue_by_unit's bars, unrolled back to the raw per-unit counts they sum."""
    return overdue_by_unit(user, flt, today, units)["total"]


# ------------------------------------------------------------------ random data

@pytest.fixture
def tree(city, t01, t02, t01_village, d01):
    t02_village = OrgUnit.objects.create(code="T02V01", name="东城新村", kind=OrgUnit.Kind.VILLAGE,
                                         parent=t02)
    return [city, t01, t02, t01_village, d01, t02_village]


def _maybe(rng, day, p=0.7):
    return day + timedelta(days=rng.randrange(90)) if rng.random() < p else None


def random_petition(rng, units, n):
    received = date(2025, 1, 1) + timedelta(days=rng.randrange(700))
    status = rng.choice(STATUSES)
    unit = rng.choice(units)
    open_ = status in ("registered", "accepted", "assigned")
    closed = status == "closed"
    accepted = _maybe(rng, received)
    return Petition(
        number=f"XF-R-{n:06d}", channel=rng.choice(CHANNELS), received_on=received,
        org_unit=unit, handling_unit=rng.choice([None, *units]),
        category=rng.choice(CATEGORIES), title="随机", content="c", level=rng.choice(LEVELS),
        is_level_skipping=rng.random() < 0.2, is_collective=rng.random() < 0.1, status=status,
        is_first=rng.random() < 0.7,
        acceptance_due=received + timedelta(days=15), accepted_on=accepted,
        handling_due=accepted and accepted + timedelta(days=rng.randrange(20, 70)),
        replied_on=accepted and _maybe(rng, accepted, 0.6),
        closed_on=_maybe(rng, received + timedelta(days=30), 1.0) if closed else None,
        satisfaction=rng.choice(SATISFACTIONS) if closed else "",
        current_due=received + timedelta(days=rng.randrange(400)) if open_ else None,
        # a registered petition's step is its acceptance, by its registering unit
        # (petition_registered_has_step); a later step may be any unit's or none
        responsible_unit=(unit if status == "registered" else rng.choice([None, unit, *units]))
        if open_ else None)


def link_repeats(rng, share=0.3):
    """Make some petitions repeats of earlier ones (as registration does: is_repeat,
    repeat_of), one by one through save()."""
    petitions = list(Petition.all_objects.order_by("received_on", "id"))
    for i, petition in enumerate(petitions[1:], start=1):
        if rng.random() < share:
            petition.repeat_of = rng.choice(petitions[:i])
            petition.is_repeat, petition.is_first = True, False
            petition.save()


def churn(rng, units, rounds=40):
    """Change petitions every way the application (or a job's UPDATE) can."""
    ids = list(Petition.objects.values_list("pk", flat=True))
    for _ in range(rounds):
        pick = rng.sample(ids, k=min(len(ids), rng.randint(1, 8)))
        move = rng.randrange(11)
        qs = Petition.objects.filter(pk__in=pick)
        if move == 0:
            qs.update(handling_unit=rng.choice(units), status="assigned")
        elif move == 1:
            qs.update(received_on=date(2026, 1, 1) + timedelta(days=rng.randrange(320)))
        elif move == 2:
            qs.update(category=rng.choice(CATEGORIES), channel=rng.choice(CHANNELS),
                      is_level_skipping=rng.random() < 0.5)
        elif move == 3:
            qs.update(status="closed", current_due=None)
        elif move == 4:
            qs.update(current_due=TODAY - timedelta(days=rng.randrange(1, 60)),
                      responsible_unit=rng.choice(units))
        elif move == 5:  # one by one, through save()
            for petition in qs:
                petition.org_unit = rng.choice(units)
                petition.is_collective = not petition.is_collective
                petition.save()
        elif move == 6:  # a repeat of another petition, or no longer one
            other = rng.choice(ids)
            qs.exclude(pk=other).update(repeat_of=rng.choice([None, other]), is_repeat=True)
        elif move == 7:  # closed, satisfied or not, on a day that moves the 6-month window
            qs.update(status="closed", closed_on=date(2025, 6, 1) + timedelta(
                days=rng.randrange(500)), satisfaction=rng.choice(SATISFACTIONS), is_first=True)
        elif move == 8:  # accepted and replied to, or still waiting for a reply
            qs.update(accepted_on=date(2026, 2, 1), handling_due=TODAY + timedelta(
                days=rng.randrange(-60, 60)), replied_on=rng.choice([None, date(2026, 3, 1)]),
                level=rng.choice(LEVELS))
        elif move == 9:  # voided (作废): counts nowhere, not even as a repeat
            qs.update(status="voided")
        else:
            qs.delete()
            ids = [i for i in ids if i not in pick]


def scopes(tree):
    city, t01, t02, t01_village, d01, _t02v = tree
    return [make_user("r_city", city, roles.CITY_OFFICER), make_user("r_t01", t01, roles.CLERK),
            make_user("r_t02", t02, roles.CLERK), make_user("r_v01", t01_village, roles.CLERK),
            make_user("r_d01", d01, roles.CLERK), make_user("r_none", None, roles.CLERK)]


def assert_every_figure_matches(users, rng):
    for user in users:
        units = list(units_for(user)) if user.org_unit_id else []
        for unit in [None, *units]:
            start = date(2026, 1, 1) + timedelta(days=rng.randrange(200))
            for flt in (DashboardFilters(start=date(2026, 1, 1), end=TODAY, unit=unit),
                        DashboardFilters(start=start, end=start + timedelta(days=rng.randrange(90)),
                                         unit=unit),
                        DashboardFilters(start=date(2024, 6, 1), end=date(2025, 8, 31),
                                         unit=unit)):
                assert shown(user, flt) == raw_nonzero(raw_petition_figures(user, flt)), (
                    user.username, unit and unit.code, flt)
                if units:
                    assert panels_shown(user, flt, TODAY, units) == raw_panels(
                        user, flt, TODAY, units), (user.username, unit and unit.code, flt)
            flt = DashboardFilters(start=date(2026, 1, 1), end=TODAY, unit=unit)
            raw = raw_overdue(user, flt, TODAY)
            assert overdue_shown(user, flt, TODAY, units) == sum(raw.values()), (
                user.username, unit and unit.code)
            bars = overdue_by_unit(user, flt, TODAY, units)["units"]
            assert all(bar["n"] > 0 for bar in bars)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_dashboard_figure_equals_the_raw_group_by_on_random_data(tree, seed):
    rng = random.Random(seed)
    Petition.objects.bulk_create(random_petition(rng, tree, n) for n in range(300))
    link_repeats(rng)
    users = scopes(tree)
    assert_every_figure_matches(users, rng)
    churn(rng, tree)
    assert_every_figure_matches(users, rng)
    assert rollups_differences() == {}


def test_the_overdue_bars_follow_the_responsible_unit(tree):
    """A step handed to T02's village counts for T02, wherever it was registered."""
    city, t01, t02, _v, _d, t02_village = tree
    rng = random.Random(7)
    petition = random_petition(rng, [t01], 1)
    petition.status, petition.current_due = "assigned", date(2026, 11, 1)
    petition.responsible_unit = t02_village
    petition.save()
    user = make_user("r_city2", city, roles.CITY_OFFICER)
    units = list(units_for(user))
    flt = DashboardFilters(start=date(2026, 1, 1), end=TODAY, unit=None)
    bars = {b["code"]: b["n"] for b in overdue_by_unit(user, flt, TODAY, units)["units"]}
    assert bars == {"T02": 1}
    Petition.objects.filter(pk=petition.pk).update(responsible_unit=t01)
    bars = {b["code"]: b["n"] for b in overdue_by_unit(user, flt, TODAY, units)["units"]}
    assert bars == {"T01": 1}


def test_a_unit_moving_in_the_tree_rebuilds_the_rollups(tree, django_capture_on_commit_callbacks):
    city, t01, t02, t01_village, _d, _t02v = tree
    rng = random.Random(11)
    Petition.objects.bulk_create(random_petition(rng, [t01_village], n) for n in range(40))
    users = scopes(tree)
    with django_capture_on_commit_callbacks(execute=True):
        t01_village.parent = t02
        t01_village.save()
    assert_every_figure_matches(users, rng)


def test_rollups_rebuild_gives_what_the_triggers_kept(tree):
    rng = random.Random(5)
    Petition.objects.bulk_create(random_petition(rng, tree, n) for n in range(200))
    churn(rng, tree, rounds=20)
    kept = set(PetitionDayCount.objects.filter(n__gt=0)
               .values_list("kind", "unit_id", "day", "channel", "category", "n", "skipping",
                            "collective"))
    kept_open = set(OpenStepCount.objects.filter(n__gt=0)
                    .values_list("unit_id", "due", "status", "n"))
    assert kept and kept_open
    call_command("rollups_rebuild")
    assert set(PetitionDayCount.objects.values_list(
        "kind", "unit_id", "day", "channel", "category", "n", "skipping", "collective")) == kept
    assert set(OpenStepCount.objects.values_list("unit_id", "due", "status", "n")) == kept_open
    PetitionDayCount.objects.filter(pk=PetitionDayCount.objects.first().pk).update(n=F("n") + 1)
    assert rollups_differences() == {"day_rows": 2}
    rollups_rebuild()
    assert rollups_differences() == {}
