"""Reads: every list, detail and export of petitions goes through here."""

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from accounts.scoping import not_found, scope_path
from core.listing import choice_order, sorted_by
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


def petition_scope(queryset: QuerySet, user) -> QuerySet:
    """A clerk or leader sees petitions whose responsible OR handling unit is in scope."""
    prefix = scope_path(user)
    if prefix is None:
        return queryset
    return queryset.filter(Q(org_unit__path__startswith=prefix)
                           | Q(handling_unit__path__startswith=prefix))


def petition_base_qs() -> QuerySet:
    return Petition.objects.select_related("org_unit", "handling_unit", "responsible_unit",
                                           "repeat_of", "repeat_of__org_unit",
                                           "repeat_of__handling_unit")


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
                      today: date | None = None) -> QuerySet:
    from petitions.filters import PetitionFilter

    qs = petition_scope(petition_base_qs(), user).prefetch_related(people_prefetch())
    if filters is None:
        return qs
    return PetitionFilter(filters, queryset=qs, today=today).qs


def petition_get_for(*, user, pk) -> Petition:
    try:
        return (petition_scope(petition_base_qs(), user).prefetch_related(people_prefetch())
                .get(pk=pk))
    except (Petition.DoesNotExist, ValueError, TypeError):
        raise not_found(Petition.objects.all(), pk=pk) from None


def petition_events(*, petition: Petition) -> QuerySet:
    return PetitionEvent.objects.filter(petition=petition).select_related("actor")


def petitioner_history(*, petition: Petition, user) -> QuerySet:
    """Other petitions (in the user's scope) of this petition's petitioners."""
    ids = [link.petitioner_id for link in petition.links.all()]
    return (petition_scope(Petition.objects.select_related("org_unit"), user)
            .filter(links__petitioner_id__in=ids).exclude(pk=petition.pk)
            .distinct().order_by("-received_on", "-id"))
