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
