"""Reads: every list, detail and export of petitions goes through here."""

from datetime import date

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from accounts.scoping import NOTHING, not_found, scope_path
from core.listing import choice_order, count_sql, sorted_by
from petitions.models import Petition, PetitionEvent, PetitionPetitioner

# The list's sortable columns (issue 19, item 3): key -> ordering, whitelisted.
PETITION_SORTS = {
    "number": ["number"],
    "received_on": ["received_on"],
    "unit": ["org_unit__path"],
    "category": ["category"],
    "title": ["title"],
    "status": [choice_order("status", Petition.Status.choices)],
    "due": ["current_due"],
}


def petition_sorted(queryset: QuerySet, sort: str | None) -> tuple[QuerySet, str]:
    return sorted_by(queryset, sort, PETITION_SORTS)


def _unit_ids(prefix: str) -> list[int]:
    """The units of a scope read first, as a list of ids: not three joins on the units'
    paths, nor a subquery, whose rows PostgreSQL cannot know when it plans. With the
    ids it ORs the three unit indexes (a township's list count at 2,000,000
    petitions: 405 ms with the subquery, 153 with the ids; with a status, 111 and 22)."""
    return list(OrgUnit.objects.filter(path__startswith=prefix).values_list("pk", flat=True))


def petition_scope(queryset: QuerySet, user) -> QuerySet:
    """A clerk or leader sees petitions whose responsible OR handling unit is in scope,
    and those registered at city level about a matter of their township (matter_unit)."""
    prefix = scope_path(user)
    if prefix is None:
        return queryset
    if prefix == NOTHING:  # signed out, or no unit: nothing, without a query
        return queryset.none()
    units = _unit_ids(prefix)
    return queryset.filter(Q(org_unit_id__in=units) | Q(handling_unit_id__in=units)
                           | Q(matter_unit_id__in=units))


def petition_scope_count(user) -> int:
    """How many live petitions (voided left out) the user's scope holds, the count of
    the list with no filter: read from the three partial indexes on the live
    petitions' units alone (petition_live_*), as three disjoint parts (registered in
    the scope; handled in it, registered outside; about a matter of it, neither), so
    that no petition is counted twice and each part is an index-only scan (rows are
    read only on pages VACUUM has not yet marked all-visible). A township at 2,000,000
    petitions: 6 ms, against 153 for the count of the ORed unit filter."""
    prefix = scope_path(user)
    live = Petition.objects.all()
    if prefix is None:
        return live.count()
    units = _unit_ids(prefix) if prefix != NOTHING else []
    if not units:
        return 0
    registered = live.filter(org_unit_id__in=units)
    handled = live.filter(handling_unit_id__in=units).exclude(org_unit_id__in=units)
    matter = (live.filter(matter_unit_id__in=units).exclude(org_unit_id__in=units)
              .exclude(handling_unit_id__in=units))
    parts = [count_sql(qs) for qs in (registered, handled, matter)]
    sql = " + ".join(part for part, _params in parts)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", [arg for _part, params in parts for arg in params])
        return cursor.fetchone()[0]


def petition_base_qs(*, with_voided: bool = False) -> QuerySet:
    """Voided registrations (作废) are left out unless `with_voided` (their own
    page, the list's voided filter)."""
    manager = Petition.all_objects if with_voided else Petition.objects
    # The units come from one query after the rows (PetitionQuerySet.with_units): joined
    # here, they made PostgreSQL plan for longer than a page takes to read.
    return manager.select_related("leader", "repeat_of").with_units()


def repeat_visible(*, petition: Petition, user) -> bool:
    """Whether `user` may see which petition this one repeats (number, title, link).

    Repeat detection is city-wide; the earlier petition is shown only inside
    the user's scope. Outside it the user learns only that the person has
    petitioned at another unit (docs/security.md). Reads the related rows that
    petition_base_qs loads, so a list costs no extra query.
    """
    earlier = petition.repeat_of if petition.repeat_of_id else None
    if earlier is None:
        return False
    prefix = scope_path(user)
    if prefix is None:
        return True
    return earlier.org_unit.path.startswith(prefix) or (
        earlier.handling_unit_id is not None and earlier.handling_unit.path.startswith(prefix))


def people_prefetch() -> Prefetch:
    """A petition's petitioners with what they gave with it (phone, address):
    iterate `petition.links.all()`, each link carrying `.petitioner`."""
    return Prefetch("links", queryset=PetitionPetitioner.objects.select_related("petitioner"))


def petition_list_for(*, user, filters: dict | None = None,
                      today: date | None = None, with_voided: bool = False) -> QuerySet:
    """The user's petitions; voided ones only with `with_voided` (the filter
    `voided` then chooses: left out by default, only them with voided=true)."""
    from petitions.filters import PetitionFilter

    qs = petition_scope(petition_base_qs(with_voided=with_voided), user) \
        .prefetch_related(people_prefetch())
    if filters is None:
        return qs
    return PetitionFilter(filters, queryset=qs, today=today).qs


def petition_get_for(*, user, pk) -> Petition:
    try:
        return (petition_scope(petition_base_qs(with_voided=True), user)
                .prefetch_related(people_prefetch()).get(pk=pk))
    except (Petition.DoesNotExist, ValueError, TypeError):
        raise not_found(Petition.all_objects.all(), pk=pk) from None


def petition_events(*, petition: Petition) -> QuerySet:
    return PetitionEvent.objects.filter(petition=petition).select_related("actor")


def petitioner_history(*, petition: Petition, user) -> QuerySet:
    """Other petitions (in the user's scope) of this petition's petitioners."""
    ids = [link.petitioner_id for link in petition.links.all()]
    return (petition_scope(Petition.objects.select_related("org_unit"), user)
            .filter(links__petitioner_id__in=ids).exclude(pk=petition.pk)
            .distinct().order_by("-received_on", "-id"))


def receipt_context(petition: Petition) -> dict:
    """What the 受理告知书 prints for the petitioner to follow the case online
    (issue 20, item 8): the petition number, the query code and the page's address."""
    from django.urls import reverse

    return {"number": petition.number, "query_code": petition.query_code,
            "track_path": reverse("petitions:track")}


def track_deadlines(petition: Petition) -> list[tuple[str, date, bool]]:
    """The deadlines that apply to the case now, as the petitioner reads them:
    (what, day, met); a step already taken shows as met."""
    from django.utils.translation import gettext as _

    p = petition
    rows = [(_("The office decides whether to accept it by"), p.acceptance_due,
             p.accepted_on is not None or p.declined_on is not None or p.forwarded_on is not None)]
    if p.handling_due:
        rows.append((_("The written reply is due by"), p.handling_due, p.replied_on is not None))
    if p.review_request_due:
        rows.append((_("You may ask for review until"), p.review_request_due,
                     p.review_requested_on is not None))
    if p.review_due:
        rows.append((_("The review reply is due by"), p.review_due,
                     p.review_replied_on is not None))
    if p.recheck_request_due:
        rows.append((_("You may ask for re-review until"), p.recheck_request_due,
                     p.recheck_requested_on is not None))
    if p.recheck_due:
        rows.append((_("The re-review reply is due by"), p.recheck_due,
                     p.recheck_replied_on is not None))
    return [(what, day, met) for what, day, met in rows if day]
def feedback_late(p: Petition, today: date) -> bool:
    """A case from above whose result went back after its deadline, or not yet and past it."""
    if p.source != Petition.Source.UPPER or p.feedback_due is None:
        return False
    return (p.feedback_on or today) > p.feedback_due


# The states of the feedback to the upper office, as the list and its export offer them.
UPPER_STATES = [("open", _("Not fed back yet")), ("late", _("Feedback overdue")),
                ("due", _("Feedback due")), ("all", _("All cases from above"))]


def upper_cases_for(*, user, state: str = "open", today: date) -> QuerySet:
    """Cases from above in the user's scope, by the feedback's state: `open` (not fed
    back yet), `late` (open and past its deadline), `due` (open, not yet late),
    `all`. The earliest deadline first."""
    qs = petition_scope(petition_base_qs(), user).filter(source=Petition.Source.UPPER)
    if state in ("open", "late", "due"):
        qs = qs.filter(feedback_on__isnull=True)
    if state == "late":
        qs = qs.filter(feedback_due__lt=today)
    elif state == "due":
        qs = qs.filter(feedback_due__gte=today)
    return qs.order_by("feedback_due", "id")


def receptions_for(*, user) -> QuerySet:
    """Leader reception days of the user's scope (the leader's unit)."""
    from petitions.models import LeaderReception

    qs = LeaderReception.objects.select_related("leader", "org_unit")
    prefix = scope_path(user)
    if prefix is not None:
        qs = qs.filter(org_unit__path__startswith=prefix)
    return qs


def reception_get_for(*, user, pk):
    from petitions.models import LeaderReception

    try:
        return receptions_for(user=user).get(pk=pk)
    except (LeaderReception.DoesNotExist, ValueError, TypeError):
        raise not_found(LeaderReception.objects.all(), pk=pk) from None
