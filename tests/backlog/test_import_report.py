"""The import's error report gives back what was uploaded, as text that never runs
(issue 16 item 9)."""

from io import BytesIO

from openpyxl import load_workbook

from backlog.imports import ImportResult, error_workbook


def test_formula_like_text_from_the_upload_stays_text_in_the_error_report():
    result = ImportResult(header=["=HYPERLINK(\"http://x\",\"标题\")", "org_unit"],
                          rows=[(2, ["=1+1", "@SUM(A1)"])],
                          errors=[{"row": 2, "errors": ["单位不存在"]}])
    sheet = load_workbook(BytesIO(error_workbook(result))).worksheets[0]
    header, row = list(sheet.iter_rows(max_row=2))
    assert [c.value for c in header] == ["行号", "=HYPERLINK(\"http://x\",\"标题\")", "org_unit",
                                         "错误"]
    assert [c.value for c in row] == [2, "=1+1", "@SUM(A1)", "单位不存在"]
    for cell in (header[1], row[1], row[2]):
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
