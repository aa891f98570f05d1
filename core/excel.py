"""The one Excel writer behind every export (api.md, Excel exports).

A selector yields rows (tuples, in column order); `xlsx_response` writes them
with openpyxl's write-only mode into a temporary file on disk (memory stays
flat whatever the row count) and streams that file to the client. The first
sheet is the table: one bold, frozen header row and set widths; real dates
and numbers. The second sheet records the filters and the export time.

Text that Excel could read as a formula (starting with = + - @, or a tab or
carriage return before one) is written as a string cell with a quote prefix,
so it is shown as text and never evaluated.
"""

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="8B1A1A")
_NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "float": "0.00"}


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14
    kind: str = "text"  # text, int, float, date, datetime


def _safe_cell(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _row_writer(sheet, columns: Sequence[Column]):
    """A function turning a row of values into what the sheet should append."""
    date_indexes = [i for i, c in enumerate(columns) if c.kind in ("date", "datetime", "float")]
    formats = {i: _NUMBER_FORMATS[columns[i].kind] for i in date_indexes}

    # One styled cell per formatted column, reused for every row: a write-only
    # sheet serialises each row as it is appended, so the cell is free again, and
    # the number format is looked up once instead of once per value
    # (export_petitions figure, docs/performance.md).
    styled = {}
    for i in date_indexes:
        cell = WriteOnlyCell(sheet)
        cell.number_format = formats[i]
        styled[i] = cell

    def convert(row: Sequence) -> list:
        out = list(row)
        for i, value in enumerate(out):
            # Only strings that could be formulas and formatted numbers need a
            # cell object; plain values are appended as they are (fast path).
            if value.__class__ is str:
                if value.startswith(_FORMULA_STARTS):
                    out[i] = _safe_cell(sheet, value)
            elif isinstance(value, datetime) and timezone.is_aware(value):
                out[i] = timezone.localtime(value).replace(tzinfo=None)
        for i, cell in styled.items():
            value = out[i]
            if value is not None and not isinstance(value, Cell):
                cell.value = value
                out[i] = cell
        return out

    return convert


def write_workbook(handle, *, columns: Sequence[Column], rows: Iterable[Sequence],
                   filters: dict[str, str], sheet_title: str) -> int:
    """Write the workbook to `handle`; returns the number of data rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    sheet.append(header)
    convert = _row_writer(sheet, columns)
    count = 0
    for row in rows:
        sheet.append(convert(row))
        count += 1

    about = workbook.create_sheet(title="导出信息")
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 40
    about.append(["导出时间", timezone.localtime().replace(tzinfo=None)])
    about.append(["记录数", count])
    for key, value in filters.items():
        about.append([_text(about, str(key)), _text(about, str(value))])
    workbook.save(handle)
    return count


def _text(sheet, value: str):
    return _safe_cell(sheet, value) if value.startswith(_FORMULA_STARTS) else value


def xlsx_response(*, filename: str, columns: Sequence[Column], rows: Iterable[Sequence],
                  filters: dict[str, str], sheet_title: str) -> FileResponse:
    # Spooled to disk past 1 MB: a 100,000-row export never sits in memory.
    handle = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)
    count = write_workbook(handle, columns=columns, rows=rows, filters=filters,
                           sheet_title=sheet_title)
    handle.seek(0)
    response = FileResponse(
        handle, as_attachment=True, filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "no-store"
    response["X-Row-Count"] = str(count)
    return response
