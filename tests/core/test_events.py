"""The shared event shape: one writer, and every action and status shown in words."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation

from core.events import EventBase, labels_for, record_event
from tests.builders import register

EVENT_MODELS = {"petitions": "PetitionEvent", "screening": "ScreeningEvent",
                "supervision": "SupervisionEvent", "backlog": "BacklogEvent",
                "stability": "MatterEvent"}


def test_every_event_table_has_the_one_shape():
    for app_label, name in EVENT_MODELS.items():
        model = apps.get_model(app_label, name)
        assert issubclass(model, EventBase)
        names = {f.name for f in model._meta.get_fields()}
        assert {"actor", "action", "from_status", "to_status", "note", "data", "at"} <= names
        # Indexed by record and time (style.md, Audit).
        assert any(index.fields[1:] == ["at"] for index in model._meta.indexes), name


RECORD_FIELDS = {"petitions": "petition", "screening": "report", "supervision": "order",
                 "backlog": "case", "stability": "matter"}


def test_every_status_of_every_event_table_has_a_label():
    for app_label, name in EVENT_MODELS.items():
        field = apps.get_model(app_label, name)._meta.get_field(RECORD_FIELDS[app_label])
        statuses = {value for value, _label in field.related_model.Status.choices}
        assert statuses <= set(labels_for(app_label)[1]), app_label


def test_every_action_a_service_writes_has_a_label():
    # The actions are literals in the services (and backlog's import): read them there.
    pattern = re.compile(r'action="(\w+)"|_save\(p, actor, "(\w+)"|"resubmit"|"submit"')
    for app_label in EVENT_MODELS:
        source = "".join(path.read_text() for path in Path(app_label).glob("*.py")
                         if path.name in ("services.py", "imports.py"))
        written = {a or b for a, b in pattern.findall(source) if a or b}
        assert written, app_label
        assert written <= set(labels_for(app_label)[0]), (app_label, written)


@pytest.mark.django_db
def test_record_event_writes_the_row_with_the_records_status(clerk, t01):
    petition = register(clerk, t01, received_on=date(2026, 9, 16))
    event = record_event(petition, actor=clerk, action="reveal_id", from_status="registered",
                         data={"petitioner": 1})
    assert (event.petition, event.actor, event.to_status, event.data) == (
        petition, clerk, "registered", {"petitioner": 1})
    system = record_event(petition, actor=None, action="rate")
    assert system.actor is None and system.from_status == ""


@pytest.mark.django_db
def test_labels_follow_the_users_language(clerk, t01):
    event = register(clerk, t01, received_on=date(2026, 9, 16)).events.get()
    with translation.override("zh-hans"):
        assert (event.action_label, event.from_label, event.to_label) == ("登记", "", "已登记")
    with translation.override("en"):
        assert (event.action_label, event.to_label) == ("Register", "Registered")
