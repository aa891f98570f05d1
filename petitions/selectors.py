"""Reads: every list, detail and export of petitions goes through here."""

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.scoping import not_found, scope_path
from petitions.models import Petition, PetitionEvent, PetitionPetitioner


def petition_scope(queryset: QuerySet, user) -> QuerySet:
    """A clerk or leader sees petitions whose responsible OR handling unit is in scope."""
    prefix = scope_path(user)
    if prefix is None:
        return queryset
    return queryset.filter(Q(org_unit__path__startswith=prefix)
                           | Q(handling_unit__path__startswith=prefix))


def petition_base_qs() -> QuerySet:
    return Petition.objects.select_related("org_unit", "handling_unit", "responsible_unit",
                                           "leader",
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
