"""Writes of the dashboards app: saved views (issue 19, item 4), a user's named filter sets.

A saved view is the user's own preference, like an export job: no event table;
creating and deleting are the user's acts on their own rows only.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from accounts.models import AnyUser, User
from accounts.roles import CITY_OFFICER, SUPERVISOR, has_role
from dashboards.models import SavedView

MAX_PER_USER = 50


def can_save_views(user: AnyUser) -> bool:
    """The city officer and the supervisors keep named filter sets (issue 19)."""
    return has_role(user, CITY_OFFICER, SUPERVISOR)


def _clean_query(query: str) -> str:
    params = QueryDict(query or "", mutable=True)
    params.pop("page", None)  # a view is its filters and order, not a page of them
    params.pop("csrfmiddlewaretoken", None)
    return params.urlencode()


@transaction.atomic
def saved_view_save(*, actor: User, name: str, list_name: str, query: str) -> SavedView:
    """Save (or, under a name already used, replace) the user's filter set."""
    if not can_save_views(actor):
        raise PermissionDenied(_("Your role does not keep saved views."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the view a name.")})
    if len(name) > 60:
        raise ValidationError({"name": _("The name has at most 60 characters.")})
    if list_name not in SavedView.LIST_URLS:
        raise ValidationError({"list_name": _("Unknown list.")})
    query = _clean_query(query)
    if len(query) > 1000:
        raise ValidationError({"query": _("Too many filters to save.")})
    mine = SavedView.objects.select_for_update().filter(user=actor)
    existing = mine.filter(name=name).first()
    if existing is None and mine.count() >= MAX_PER_USER:
        raise ValidationError({"name": _("You have %(n)d saved views: delete one first.")
                               % {"n": MAX_PER_USER}})
    view = existing or SavedView(user=actor, name=name)
    view.list_name, view.query = list_name, query
    view.save()
    return view


@transaction.atomic
def saved_view_delete(*, actor: User, view_id: int) -> None:
    """Delete one of the user's own views; anyone else's does not exist for them."""
    deleted, _rows = SavedView.objects.filter(pk=view_id, user=actor).delete()
    if not deleted:
        raise SavedView.DoesNotExist
