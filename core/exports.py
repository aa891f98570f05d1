"""The export framework (issue 14): list exporters in one registry, one writer.

In the shape of pretix's ListExporter. Each exporter declares its columns
(a translatable label, a kind, a width) and yields rows from the list's own
scoped, filtered queryset; `core.excel` writes them. Apps register their
exporters in their own `exports.py` (found by `autodiscover_modules`), so
this module imports Django only, never a project app.

One view serves them all, `/exports/<name>.xlsx` (dashboards.exports): the
same threshold decides for every exporter whether it is written in the
request or by the export task in the background.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import IO, Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.functional import cached_property
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from core.excel import Column, write_workbook, xlsx_response

__all__ = ["Column", "ListExporter", "exporter_class", "form_details", "register"]


class ListExporter:
    """One list as a workbook: its columns and its rows, for one user and filters."""

    name: ClassVar[str]  # the file's ASCII name and the URL, /exports/<name>.xlsx
    title: ClassVar[str]  # translatable: the sheet title and the file's name
    columns: ClassVar[Sequence[Column]] = ()

    def __init__(self, *, user: Any, params: Mapping[str, str], today: date) -> None:
        self.user = user
        self.params = params
        self.today = today

    def get_columns(self) -> Sequence[Column]:
        return self.columns

    def queryset(self) -> QuerySet[Any] | None:
        """The scoped, filtered records, one a row; None for a table of a few summary rows."""
        return None

    def rows(self) -> Iterable[Sequence[Any]]:
        raise NotImplementedError

    def details(self) -> dict[str, str]:
        """The filters in words, for the second sheet."""
        return {}

    @cached_property
    def _records(self) -> QuerySet[Any] | None:
        return self.queryset()

    def is_large(self, threshold: int) -> bool:
        records = self._records
        return records is not None and records.order_by()[threshold:threshold + 1].exists()

    def count(self) -> int | None:
        return None if self._records is None else self._records.count()

    def filename(self, day: date | None = None) -> str:
        return f"{self.title}_{(day or self.today).isoformat()}.xlsx"

    def ascii_filename(self, day: date | None = None) -> str:
        return f"{self.name}_{(day or self.today).isoformat()}.xlsx"

    def write(self, handle: IO[bytes], rows: Iterable[Sequence[Any]] | None = None) -> int:
        return write_workbook(handle, columns=self.get_columns(),
                              rows=self.rows() if rows is None else rows,
                              filters=self.details(), sheet_title=str(self.title))

    def response(self) -> FileResponse:
        return xlsx_response(filename=self.filename(), ascii_filename=self.ascii_filename(),
                             columns=self.get_columns(), rows=self.rows(),
                             filters=self.details(), sheet_title=str(self.title))


_registry: dict[str, type[ListExporter]] = {}
_discovered = False


def register(cls: type[ListExporter]) -> type[ListExporter]:
    _registry[cls.name] = cls
    return cls


def exporter_class(name: str) -> type[ListExporter] | None:
    """The exporter registered under `name`; every app's exports.py is imported once,
    so a bare Celery worker finds them too."""
    global _discovered
    if not _discovered:
        autodiscover_modules("exports")
        _discovered = True
    return _registry.get(name)


def exporter_names() -> list[str]:
    exporter_class("")
    return sorted(_registry)


def form_details(form: forms.Form, params: Mapping[str, str]) -> dict[str, str]:
    """A bound filter form's non-empty fields as {label: value in words}."""
    cleaned = form.cleaned_data if form.is_valid() else {}
    shown = {}
    for name, field in form.fields.items():
        raw = params.get(name)
        if not raw or name == "page":
            continue
        value = cleaned.get(name, raw)
        if isinstance(value, bool):
            text = _("Yes") if value else _("No")
        elif getattr(field, "choices", None) and not isinstance(value, bool):
            text = {str(k): str(v) for k, v in field.choices}.get(  # type: ignore[attr-defined]
                str(raw), raw)
        elif isinstance(value, date):
            text = value.isoformat()
        else:
            text = str(raw)
        shown[str(field.label or name)] = text
    return shown
