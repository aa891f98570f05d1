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


def test_control_characters_are_dropped_but_tab_and_newline_stay():
    book = _book([("XF-1\x00", None, 1, "河道\x01污染\x0b\x1f\r严重\t续\n完")])
    sheet = book.worksheets[0]
    assert sheet["A2"].value == "XF-1"
    assert sheet["D2"].value == "河道污染严重\t续\n完"


def test_text_that_looks_like_xml_is_written_as_it_is():
    book = _book([("<r><t>x</t></r>", None, 1, "<r><t>&</r>")])
    sheet = book.worksheets[0]
    assert (sheet["A2"].value, sheet["D2"].value) == ("<r><t>x</t></r>", "<r><t>&</r>")


def test_the_table_has_an_autofilter_over_header_and_rows():
    book = _book([("a", None, 1, "b"), ("c", None, 2, "d")])
    assert book.worksheets[0].auto_filter.ref == "A1:D3"


def test_a_header_that_looks_like_a_formula_is_text():
    handle = BytesIO()
    write_workbook(handle, columns=[Column("=HYPERLINK(\"http://x\")")], rows=[], filters={},
                   sheet_title="t")
    handle.seek(0)
    cell = load_workbook(handle).worksheets[0]["A1"]
    assert cell.data_type == "s" and cell.quotePrefix


def test_a_chinese_file_name_goes_in_filename_star_with_an_ascii_fallback():
    response = xlsx_response(filename="信访事项台账_2026-11-30.xlsx",
                             ascii_filename="petitions_2026-11-30.xlsx", columns=COLUMNS,
                             rows=iter([]), filters={}, sheet_title="x")
    assert response["Content-Disposition"] == (
        "attachment; filename=\"petitions_2026-11-30.xlsx\"; filename*=UTF-8''"
        "%E4%BF%A1%E8%AE%BF%E4%BA%8B%E9%A1%B9%E5%8F%B0%E8%B4%A6_2026-11-30.xlsx")
