from datetime import date, datetime
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from core.excel import Column, write_workbook, xlsx_response

COLUMNS = [Column("编号", 16), Column("受理日期", 12, "date"), Column("人数", 8, "int"),
           Column("标题", 40)]


def _book(rows, filters=None):
    handle = BytesIO()
    write_workbook(handle, columns=COLUMNS, rows=rows, filters=filters or {},
                   sheet_title="信访台账")
    handle.seek(0)
    return load_workbook(handle)


def test_the_table_has_one_header_row_then_real_dates_and_numbers():
    book = _book([("XF-2026-000001", date(2026, 10, 8), 6, "征地补偿")])
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["编号", "受理日期", "人数", "标题"]
    assert sheet["B2"].value == datetime(2026, 10, 8)
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].value == 6
    assert sheet["C2"].data_type == "n"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["D"].width == 40


def test_text_that_looks_like_a_formula_is_kept_as_text():
    book = _book([("=HYPERLINK(\"http://x\")", None, 1, "+1-2"), ("@SUM(A1)", None, 2, "-3")])
    sheet = book.worksheets[0]
    for ref in ("A2", "D2", "A3", "D3"):
        assert sheet[ref].data_type == "s", ref
        assert sheet[ref].quotePrefix, ref
    assert sheet["A2"].value == "=HYPERLINK(\"http://x\")"


def test_the_second_sheet_records_filters_and_export_time():
    book = _book([], {"状态": "accepted", "查询": "=cmd"})
    about = book.worksheets[1]
    rows = {row[0].value: row[1] for row in about.iter_rows()}
    assert isinstance(rows["导出时间"].value, datetime)
    assert rows["记录数"].value == 0
    assert rows["状态"].value == "accepted"
    assert rows["查询"].data_type == "s"
    assert rows["查询"].value == "=cmd"


def test_aware_datetimes_are_written_in_local_time():
    columns = [Column("时间", 18, "datetime")]
    handle = BytesIO()
    moment = datetime(2026, 10, 8, 1, 30, tzinfo=timezone.get_fixed_timezone(0))
    write_workbook(handle, columns=columns, rows=[(moment,)], filters={}, sheet_title="t")
    handle.seek(0)
    assert load_workbook(handle).worksheets[0]["A2"].value == datetime(2026, 10, 8, 9, 30)


def test_the_response_is_a_named_attachment_that_is_not_cached():
    response = xlsx_response(filename="petitions.xlsx", columns=COLUMNS,
                             rows=iter([("a", None, 1, "b")]), filters={}, sheet_title="x")
    assert response["Content-Disposition"].startswith('attachment; filename="petitions.xlsx"')
    assert response["Cache-Control"] == "no-store"
    body = b"".join(response.streaming_content)
    assert load_workbook(BytesIO(body)).worksheets[0]["A2"].value == "a"
