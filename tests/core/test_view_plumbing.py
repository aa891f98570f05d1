"""The plumbing every page shares: the form-field partial, service errors on forms,
the screening colours, and no template left that no page uses."""

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from core.forms import apply_validation_error
from screening import selectors as screening_selectors
from tests.builders import client_for

ROOT = Path(settings.BASE_DIR)


class DueForm(forms.Form):
    due_on = forms.DateField(label="Due on")
    note = forms.CharField(label="Note", required=False, help_text="Say why.")


def _bound():
    form = DueForm({"due_on": "2026-10-01"})
    assert form.is_valid()
    return form


def test_a_service_error_on_a_field_shows_under_that_field():
    form = _bound()
    apply_validation_error(form, ValidationError({"due_on": "The due date cannot be in the past.",
                                                  "target_id": "No such record."}))
    html = render_to_string("_form_fields.html", {"form": form})
    due = html[html.index('for="id_due_on"'):html.index('for="id_note"')]
    assert '<div class="invalid-feedback d-block">The due date cannot be in the past.</div>' in due
    # A field the form lacks: the message goes on top of the form, not lost.
    top = html[:html.index('for="id_due_on"')]
    assert 'class="alert alert-danger"' in top and "No such record." in top
    assert 'class="form-text">Say why.</div>' in html


def test_an_unkeyed_service_error_shows_on_top_of_the_form():
    form = _bound()
    apply_validation_error(form, ValidationError("The campaign is closed."))
    html = render_to_string("_form_fields.html", {"form": form})
    assert html.index("The campaign is closed.") < html.index('for="id_due_on"')


def test_the_screening_colours_live_in_the_stylesheet_every_page_loads(client, city_officer):
    css = (ROOT / "static/css/app.css").read_text()
    for state in (screening_selectors.ON_TIME, screening_selectors.LATE, screening_selectors.ZERO,
                  screening_selectors.MISSING, screening_selectors.RETURNED,
                  screening_selectors.PENDING):
        assert re.search(rf"\.cell-{state} \{{[^}}]*background: #", css), state
    client_for(client, city_officer)
    assert "css/app.css" in client.get("/screening/grid/").content.decode()
    for template in (ROOT / "templates").rglob("*.html"):
        assert not re.search(r"\.cell-\w+\s*\{", template.read_text()), template


def test_every_template_is_used_somewhere():
    templates = ROOT / "templates"
    sources = [p for p in ROOT.rglob("*") if p.suffix in (".py", ".html")
               and not {".venv", "var", "node_modules", "tests"} & set(p.parts)]
    texts = {p: p.read_text(errors="ignore") for p in sources}
    unused = [name for t in templates.rglob("*.html")
              if not any((name := str(t.relative_to(templates))) in text
                         for p, text in texts.items() if p != t)]
    assert unused == []
