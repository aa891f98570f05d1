"""Form widgets shared by every app."""

from typing import Any

from django import forms
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


class TriState(forms.Select):
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
