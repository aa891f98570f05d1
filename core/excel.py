"""The one Excel writer behind every export (api.md, Excel exports).

An exporter yields rows (tuples, in column order); `write_workbook` writes them
with XlsxWriter in `constant_memory` mode: each row goes to disk as soon as the
next one starts, so memory stays flat whatever the row count, and it writes
about twice as fast as openpyxl's write-only mode (docs/decisions.md). openpyxl
stays for reading imports.

The first sheet is the table: one bold, frozen header row with an autofilter,
set widths, real dates and numbers. The second sheet records the filters, the
export time and the row count.

Text is always text: `strings_to_formulas` and `strings_to_urls` are off, and
text that Excel could read as a formula (starting with = + - @, or a tab or
carriage return before one) gets a quote prefix, so it is shown as text and
never evaluated. C0 control characters other than tab and newline are dropped:
they are not allowed in the file's XML, and an old row holding one must not
break an export (issue 16).
"""

import math
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any
from urllib.parse import quote

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from xlsxwriter.utility import _datetime_to_excel_datetime, xl_col_to_name

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SPECIAL_STARTS = (*_FORMULA_STARTS, "<r>")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "float": "0.00"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False}


@dataclass(frozen=True)
class Column:
    header: str  # a lazy translation: resolved when the workbook is written
    width: int = 14
    kind: str = "text"  # text, int, float, date, datetime


def clean_text(value: str) -> str:
    """Drop the C0 control characters a worksheet cannot hold (tab and newline stay)."""
    # isprintable() is a fast C check that passes almost every string untouched.
    return value if value.isprintable() else _CONTROL.sub("", value)


def _excel_width(width: float) -> float:
    # XlsxWriter adds 5 pixels of padding to a width; take it off so the file holds
    # exactly `width` characters, as openpyxl wrote it.
    return width - 5 / 7


class _Sheet:
    """A worksheet and its cell writers: the inner loop of every export."""

    def __init__(self, workbook: Any, title: str) -> None:
        self.sheet = workbook.add_worksheet(clean_text(title)[:31] or "Sheet1")
        self.quoted = workbook.add_format({"quote_prefix": True})
        self.plain = workbook.add_format({})
        self.formats = {kind: workbook.add_format({"num_format": fmt})
                        for kind, fmt in _NUMBER_FORMATS.items()}
        # The inner loop calls XlsxWriter's row/column writers directly, without the
        # wrapper that accepts "A1" notation, on every cell of every row (the
        # version is pinned in pyproject.toml; tests/core/test_excel.py covers them).
        self._string = self.sheet._write_string
        self._number = self.sheet._write_number
        self._datetime = self.sheet._write_datetime

    def write_text(self, row: int, col: int, value: str) -> None:
        if value.__class__ is not str:
            value = str(value)
        if not value.isprintable():
            value = _CONTROL.sub("", value)
        if not value:
            return
        if value.startswith(_FORMULA_STARTS):
            self.sheet.write_string(row, col, value, self.quoted)
        elif value.startswith("<r>") and value.endswith("</r>"):
            # XlsxWriter passes such a string through as rich-text XML: write it as
            # two runs instead, so it is escaped like any other text.
            self.sheet.write_rich_string(row, col, value[:1], self.plain, value[1:])
        else:
            self.sheet.write_string(row, col, value)

    def write_row(self, row: int, values: Sequence[Any], formats: Sequence[Any]) -> None:
        string, number, when = self._string, self._number, self._datetime
        for col, value in enumerate(values):
            if value is None:
                continue
            cls = value.__class__
            if cls is str:
                # The common case first: printable text that needs no care.
                if value and value.isprintable() and not value.startswith(_SPECIAL_STARTS):
                    string(row, col, value)
                else:
                    self.write_text(row, col, value)
            elif cls is int or cls is float:
                number(row, col, value, formats[col])
            elif cls is date:
                when(row, col, value, formats[col] or self.formats["date"])
            elif cls is datetime:
                if value.tzinfo is not None:
                    value = timezone.localtime(value).replace(tzinfo=None)
                when(row, col, value, formats[col] or self.formats["datetime"])
            elif cls is bool:
                self.sheet.write_boolean(row, col, value)
            elif cls is Decimal:
                number(row, col, float(value), formats[col])
            else:
                self.write_text(row, col, str(value))


_XLS_STRMAX = 32767
_ESCAPED_X = re.compile("(_x[0-9a-fA-F]{4}_)")


def _cell_text(value: str) -> tuple[str, bool]:
    """The text as XlsxWriter would put it in an inline string: control characters
    dropped (clean_text), a literal `_xHHHH_` escaped as Excel reads it, & < > escaped;
    and whether its leading or trailing whitespace must be preserved."""
    if not value.isprintable():
        value = _CONTROL.sub("", value)
    if len(value) > _XLS_STRMAX:
        value = value[:_XLS_STRMAX]
    if "_x" in value:
        value = _ESCAPED_X.sub(r"_x005F\1", value)
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value, bool(value) and (value[0].isspace() or value[-1].isspace())


class _RowWriter:
    """The data rows of a constant_memory worksheet written as XML by hand: the same
    <row>/<c> markup XlsxWriter writes for each cell (inline strings, numbers, dates
    as serial numbers with their format), without its per-cell objects and
    attribute lists, which were most of an export's time (issue 21). The header and
    everything else still go through XlsxWriter (version pinned; covered by
    tests/core/test_excel.py)."""

    def __init__(self, table: "_Sheet", formats: Sequence[Any], first_row: int) -> None:
        sheet = table.sheet
        sheet._write_single_row(first_row)  # the rows before (the header) go out first
        self.sheet = sheet
        self.first_row = first_row
        self.letters = [xl_col_to_name(col) for col in range(len(formats))]
        self.quoted = f' s="{table.quoted._get_xf_index()}"'
        self.date_style = f' s="{(table.formats["date"])._get_xf_index()}"'
        self.styles = [f' s="{fmt._get_xf_index()}"' if fmt is not None else ""
                       for fmt in formats]
        self.serials: dict[Any, str] = {}

    def _serial(self, value: date | datetime) -> str:
        serial = self.serials.get(value)
        if serial is None:
            if value.__class__ is datetime:
                if value.tzinfo is not None:
                    value = timezone.localtime(value).replace(tzinfo=None)
                return f"{_datetime_to_excel_datetime(value, False, False):.16G}"
            serial = f"{_datetime_to_excel_datetime(value, False, False):.16G}"
            self.serials[value] = serial
        return serial

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        write = self.sheet.fh.write
        letters, styles, quoted = self.letters, self.styles, self.quoted
        row = self.first_row - 1
        for row, values in enumerate(rows, start=self.first_row):
            ref = str(row + 1)
            out = [f'<row r="{ref}">']
            for col, value in enumerate(values):
                if value is None:
                    continue
                cls = value.__class__
                if cls is int or cls is float:
                    if cls is float and not math.isfinite(value):
                        value, cls = str(value), str
                    else:
                        out.append(f'<c r="{letters[col]}{ref}"{styles[col]}>'
                                   f"<v>{value:.16G}</v></c>")
                        continue
                elif cls is date or cls is datetime:
                    style = styles[col] or (self.date_style if cls is date else
                                            styles[col])
                    out.append(f'<c r="{letters[col]}{ref}"{style}>'
                               f"<v>{self._serial(value)}</v></c>")
                    continue
                elif cls is bool:
                    out.append(f'<c r="{letters[col]}{ref}" t="b"><v>{int(value)}</v></c>')
                    continue
                elif cls is Decimal:
                    out.append(f'<c r="{letters[col]}{ref}"{styles[col]}>'
                               f"<v>{float(value):.16G}</v></c>")
                    continue
                text = value if cls is str else str(value)
                text, preserve = _cell_text(text)
                if not text:
                    continue
                style = quoted if text.startswith(_FORMULA_STARTS) else ""
                space = ' xml:space="preserve"' if preserve else ""
                out.append(f'<c r="{letters[col]}{ref}"{style} t="inlineStr">'
                           f"<is><t{space}>{text}</t></is></c>")
            out.append("</row>")
            write("".join(out))
        last = row
        if last >= self.first_row:
            sheet = self.sheet
            sheet.dim_rowmax = max(sheet.dim_rowmax or 0, last)
            sheet.dim_rowmin = min(sheet.dim_rowmin if sheet.dim_rowmin is not None else last,
                                   self.first_row)
            sheet.dim_colmin = 0 if sheet.dim_colmin is None else sheet.dim_colmin
            sheet.dim_colmax = max(sheet.dim_colmax or 0, len(self.letters) - 1)
            sheet.previous_row = last + 1
        return last - self.first_row + 1


def write_workbook(handle: IO[bytes], *, columns: Sequence[Column], rows: Iterable[Sequence[Any]],
                   filters: dict[str, str], sheet_title: str) -> int:
    """Write the workbook to `handle`; returns the number of data rows."""
    workbook = xlsxwriter.Workbook(handle, _OPTIONS)
    table = _Sheet(workbook, str(sheet_title))
    sheet = table.sheet
    style = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#8B1A1A", "valign": "vcenter"}
    header = workbook.add_format(style)
    # A header can come from an uploaded file (the import's error report): text too.
    quoted_header = workbook.add_format({**style, "quote_prefix": True})
    for index, column in enumerate(columns):
        sheet.set_column(index, index, _excel_width(column.width))
        label = clean_text(str(column.header))
        sheet.write_string(0, index, label,
                           quoted_header if label.startswith(_FORMULA_STARTS) else header)
    sheet.freeze_panes(1, 0)
    formats = [table.formats.get(column.kind) for column in columns]
    count = _RowWriter(table, formats, 1).write(rows)
    if columns:
        sheet.autofilter(0, 0, count, len(columns) - 1)

    about = _Sheet(workbook, _("Export details"))
    about.sheet.set_column(0, 0, _excel_width(18))
    about.sheet.set_column(1, 1, _excel_width(40))
    details = [(_("Exported at"), timezone.localtime().replace(tzinfo=None)),
               (_("Rows"), count), *filters.items()]
    for index, (key, value) in enumerate(details):
        about.write_row(index, (str(key), value if value.__class__ in (int, datetime)
                                else str(value)), (None, None))
    workbook.close()
    return count


def content_disposition(filename: str, fallback: str) -> str:
    """An attachment named `filename` (RFC 5987 `filename*`), with an ASCII `filename=`
    for clients that read only that."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def xlsx_response(*, filename: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]],
                  filters: dict[str, str], sheet_title: str,
                  ascii_filename: str = "") -> FileResponse:
    # Spooled to disk past 1 MB: a 100,000-row export never sits in memory.
    handle = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 (closed by Django)
    count = write_workbook(handle, columns=columns, rows=rows, filters=filters,
                           sheet_title=sheet_title)
    handle.seek(0)
    response = FileResponse(handle, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(filename, ascii_filename or filename)
    response["Cache-Control"] = "no-store"
    response["X-Row-Count"] = str(count)
    return response
