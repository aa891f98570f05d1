"""One shape for every module's audit trail, and the words it is shown in.

Each module keeps its own event table (one per app, with the foreign key to its
record and the index by record and time declared on the concrete model); the
columns, the writer and the labels are shared:

- `EventBase`: actor (null for the system), action, from and to status, note,
  a JSON `data`, the time.
- `record_event()`: the one way a service writes an event row.
- `register_labels()`: each app says, once, how its actions and statuses read
  in the user's language; the timeline (`templates/_timeline.html`) shows
  nothing else, never a code.

This module imports Django only, never a project app.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class _Labels:
    actions: Mapping[str, Any]
    statuses: Mapping[str, Any]
    detail: Callable[["EventBase"], str] | None = None


_labels: dict[str, _Labels] = {}


def register_labels(app_label: str, *, actions: Mapping[str, Any], statuses: Mapping[str, Any],
                    detail: Callable[["EventBase"], str] | None = None) -> None:
    """Declare how an app's event actions and statuses read (lazy translations).

    `detail`, if given, turns an event's `data` into a short translated note
    shown after the move (the level an order was escalated to, a date)."""
    _labels[app_label] = _Labels(actions=dict(actions), statuses=dict(statuses), detail=detail)


def _for(app_label: str) -> _Labels:
    return _labels.get(app_label) or _Labels(actions={}, statuses={})


def action_label(app_label: str, action: str) -> str:
    return str(_for(app_label).actions.get(action, action))


def status_label(app_label: str, status: str) -> str:
    return str(_for(app_label).statuses.get(status, status)) if status else ""


def labels_for(app_label: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The registered (actions, statuses) of an app, for checks and tests."""
    labels = _for(app_label)
    return dict(labels.actions), dict(labels.statuses)


class EventBase(models.Model):
    """One audit row per change. A concrete model adds the foreign key to its
    record (with related_name="events") and the index by record and time."""

    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}" if self.at else self.action

    @property
    def action_label(self) -> str:
        return action_label(self._meta.app_label, self.action)

    @property
    def from_label(self) -> str:
        return status_label(self._meta.app_label, self.from_status)

    @property
    def to_label(self) -> str:
        return status_label(self._meta.app_label, self.to_status)

    @property
    def detail(self) -> str:
        describe = _for(self._meta.app_label).detail
        return describe(self) if describe and self.data else ""


def record_event(target: Any, *, actor: Any, action: str, from_status: str = "",
                 to_status: str | None = None, note: str = "",
                 data: dict[str, Any] | None = None) -> EventBase:
    """Write one event row for `target` (a record whose events are `target.events`).

    `to_status` defaults to the record's status now; an anonymous or missing
    actor is the system (null)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event: EventBase = target.events.create(
        actor=actor, action=action, from_status=from_status or "",
        to_status=target.status if to_status is None else to_status,
        note=note, data=data or {})
    return event
