"""Form widgets shared by every app."""

from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """`<input type="date">` with an ISO value.

    The browser's date input only accepts `YYYY-MM-DD`; Django would render the
    active language's format (`2026/11/30` under zh-hans) and the field would
    start empty. Parsing still accepts every DATE_INPUT_FORMATS form.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None,
                 format: str = "%Y-%m-%d") -> None:  # noqa: A002 - Django's own name
        super().__init__(attrs=attrs, format=format)


# The empty option of a drop-down: words, not Django's "---------".
CHOOSE = _("Please choose")


def select_html(widget: forms.Select, name: str, value: Any,
                attrs: dict[str, Any] | None) -> SafeString:
    """The `<select>` Django's template would write for a single-choice widget (no
    optgroups), without a template per option."""
    final = widget.build_attrs(widget.attrs, attrs)
    chosen = {str(v) for v in widget.format_value(value)}
    # html.escape is what Django's escape does, without its lazy-string wrapper
    # (a third of the list page's time went to format_html here, issue 21).
    options = mark_safe("".join(
        f'<option value="{escape(str(v))}"{" selected" if str(v) in chosen else ""}>'
        f"{escape(str(label))}</option>" for v, label in widget.choices))
    return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)


class FastSelect(forms.Select):
    """A plain select rendered by select_html: the list filters' selects."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        if any(isinstance(label, list | tuple) for _v, label in self.choices):
            return super().render(name, value, attrs, renderer)  # optgroups: Django's
        return select_html(self, name, value, attrs)


class TriState(FastSelect):
    """A yes/no filter that reads 全部/是/否 (not django-filter's "Unknown").

    Values are `true`/`false` as the dashboards' links and the API send them;
    `1`/`0` are accepted too. Empty means no filter.
    """

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, choices=(("", _("All")), ("true", _("Yes")), ("false", _("No"))))

    def format_value(self, value: Any) -> list[str]:
        shown = {True: "true", False: "false"}.get(self.VALUES.get(str(value).lower(), value))
        return [shown] if shown else [""]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool | None:
        value = data.get(name)
        return self.VALUES.get(value.lower()) if isinstance(value, str) else None


def unit_label(unit: Any) -> str:
    """An org unit as the picker lists it: indented under its parent, with its code
    ("城关镇（T01）", "　└ 城关东风村（T01V01）"). Works on any object with the
    unit's `path`, `name` and `code` (core imports no app)."""
    depth = max(0, unit.path.count("/") - 2)  # the city and townships at the margin
    indent = "\u3000" * depth + "└ " if depth else ""
    return f"{indent}{unit.name}（{unit.code}）"


class UnitPicker(forms.Select):
    """The unit picker (issue 19, item 2): a plain `<select>` of the tree in order
    (township, then its villages), which static/js/unit-picker.js enhances with a
    search box matching names and codes. Without JavaScript it is the select."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        attrs = {"data-unit-picker": "", "class": "form-select form-select-sm", **(attrs or {})}
        super().__init__(attrs, choices)

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        """The same `<select>` Django would write, without a template per option: a
        city's tree is some 450 options, twice on the petition list (issue 19)."""
        return select_html(self, name, value, attrs)


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A required or optional org unit, chosen in the picker by its code."""

    widget = UnitPicker

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("empty_label", CHOOSE)
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return unit_label(obj)


def unit_choices(units: Any, *, empty: Any) -> list[tuple[str, str]]:
    """(code, label) in tree order for a filter's picker; `empty` first ("全部单位")."""
    return [("", empty), *((u.code, unit_label(u)) for u in sorted(units, key=lambda u: u.path))]
