"""Reads: every list, detail and export of petitions goes through here."""

from django.db.models import Q, QuerySet

from accounts.scoping import not_found, scope_path
from petitions.models import Petition, Petitioner, PetitionEvent


def petition_scope(queryset: QuerySet, user) -> QuerySet:
    """A clerk or leader sees petitions whose responsible OR handling unit is in scope."""
    prefix = scope_path(user)
    if prefix is None:
        return queryset
    return queryset.filter(Q(org_unit__path__startswith=prefix)
                           | Q(handling_unit__path__startswith=prefix))


def petition_base_qs() -> QuerySet:
    return Petition.objects.select_related("org_unit", "handling_unit", "responsible_unit",
                                           "repeat_of")


def petition_list_for(*, user, filters: dict | None = None) -> QuerySet:
    from petitions.filters import PetitionFilter

    qs = petition_scope(petition_base_qs(), user).prefetch_related("petitioners")
    if filters is None:
        return qs
    return PetitionFilter(filters, queryset=qs).qs


def petition_get_for(*, user, pk) -> Petition:
    try:
        return petition_scope(petition_base_qs(), user).prefetch_related("petitioners").get(pk=pk)
    except (Petition.DoesNotExist, ValueError, TypeError):
        raise not_found(Petition.objects.all(), pk=pk) from None


def petition_events(*, petition: Petition) -> QuerySet:
    return PetitionEvent.objects.filter(petition=petition).select_related("actor")


def petitioner_history(*, petition: Petition, user) -> QuerySet:
    """Other petitions (in the user's scope) of this petition's petitioners."""
    ids = [p.pk for p in petition.petitioners.all()]
    return (petition_scope(Petition.objects.select_related("org_unit"), user)
            .filter(links__petitioner_id__in=ids).exclude(pk=petition.pk)
            .distinct().order_by("-received_on", "-id"))


def petitioner_by_id_number(id_number: str) -> Petitioner | None:
    from core.crypto import keyed_hash

    return Petitioner.objects.filter(id_hash=keyed_hash(id_number)).first()
