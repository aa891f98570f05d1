"""Reads of joint meetings, scoped.

The city roles see every meeting. A township or department sees a meeting its
unit attended or that gave it (or a unit below it) a decision to lead, and in
it only the items its units lead: the other units' matters are theirs
(docs/decisions.md, Joint meetings).
"""

from django.db.models import Prefetch, Q, QuerySet

from accounts.scoping import not_found, scope_path
from meetings.models import Meeting, MeetingItem


def items_for(user) -> QuerySet:
    qs = MeetingItem.objects.select_related("lead_unit", "supervision_order", "backlog_case")
    prefix = scope_path(user)
    if prefix is not None:
        qs = qs.filter(lead_unit__path__startswith=prefix)
    return qs


def meeting_list_for(*, user) -> QuerySet:
    qs = Meeting.objects.select_related("campaign").prefetch_related(
        Prefetch("items", queryset=items_for(user)), "attending_units")
    prefix = scope_path(user)
    if prefix is not None:
        qs = qs.filter(Q(items__lead_unit__path__startswith=prefix)
                       | Q(attending_units__path__startswith=prefix)).distinct()
    return qs


def meeting_get_for(*, user, pk) -> Meeting:
    try:
        return meeting_list_for(user=user).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise not_found(Meeting.objects.all(), pk=pk) from None


def item_get_for(*, user, pk) -> MeetingItem:
    try:
        return items_for(user).select_related("meeting").get(pk=pk)
    except (MeetingItem.DoesNotExist, ValueError, TypeError):
        raise not_found(MeetingItem.objects.all(), pk=pk) from None
