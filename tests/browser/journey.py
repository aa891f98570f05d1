"""What every working-day journey (issue 17, "done when") checks on each page it
visits and in each workbook it downloads.

A page: no visible ASCII identifier with an underscore (`report_missing`), no `→`
between codes, no stray English word (Latin words of 3+ letters beyond the
allow-list: record numbers, unit codes, "Excel", "PDF", the people's user
names), and no date input whose value is not ISO (an `<input type=date>` drops
"2026/11/30" and the form fails on submit).

A workbook (openpyxl): the same for every header and cell; a column that names
records holds record numbers (XF-/DB-/JA-/MD-…), never a database id; each table
sheet has an autofilter and a frozen header row.
"""

import re
from datetime import date, datetime
from io import BytesIO

from openpyxl import load_workbook

from tests.builders import log_in
from tests.core.test_crawl_words import ARROW, CODE

NUMBER = re.compile(r"\b(?:XF|DB|JA|MD)-\d{4}-\d{4,}\b")
UNIT_CODE = re.compile(r"\b[A-Z]\d{2}(?:[A-Z]\d{2})*\b")
USER_NAMES = ("clerk_T01", "clerk_T02", "leader_T01", "city", "supervisor", "admin")
# Latin words a Chinese office reads as they are.
ALLOWED_WORDS = {"Excel", "PDF", "xlsx", "XLSX"}
WORD = re.compile(r"[A-Za-z]{3,}")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The key/value sheet every export ends with (core.excel): when, how many, which filters.
DETAILS_SHEET = "导出信息"
# Headers of columns that name a record by its number.
RECORD_HEADERS = ("编号", "信访编号", "事项编号", "督办单号", "积案编号", "文号")


HEX = re.compile(r"\b[0-9a-f]{32,}\b")  # a hash (the audit chain's) is not a word


def _strip_allowed(text: str) -> str:
    text = HEX.sub(" ", NUMBER.sub(" ", text))
    for name in sorted(USER_NAMES, key=len, reverse=True):
        # (the admin's greeting shows the name in capitals: "欢迎， ADMIN.")
        text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", " ", text,
                      flags=re.IGNORECASE)
    return UNIT_CODE.sub(" ", text)


def offences(text: str) -> list[str]:
    """Codes, arrows between codes and stray English words in `text`."""
    rest = _strip_allowed(text)
    words = {w for w in WORD.findall(rest) if w not in ALLOWED_WORDS}
    return sorted({*CODE.findall(rest), *ARROW.findall(rest), *words})


VISIBLE_TEXT = """() => {
  const parts = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (el.offsetParent !== null) parts.push(el.placeholder);
  }
  for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) {
    if (el.offsetParent !== null) parts.push(el.value);
  }
  // The petition's query code (查询码) is letters by design: the petitioner types it.
  const codes = [...document.querySelectorAll('[data-testid=query-code]')].map(e => e.innerText);
  let text = parts.join('\\n');
  for (const code of codes) text = text.split(code).join(' ');
  return text;
}"""

DATE_INPUTS = """() => [...document.querySelectorAll('input[type=date]')].map(
  el => [el.name || el.id, el.getAttribute('value') || '', el.value])"""


def check_page(page, visited: list[str] | None = None) -> None:
    """Assert the page a journey stands on reads as words, and its dates are ISO."""
    page.wait_for_load_state("networkidle")
    where = page.url.removeprefix(page.base_url)
    if visited is not None:
        visited.append(where)
    text = page.evaluate(VISIBLE_TEXT)
    found = offences(text)
    assert not found, f"{where}: {found}\n" + "\n".join(
        line for line in text.splitlines() if offences(line))
    for name, attribute, value in page.evaluate(DATE_INPUTS):
        assert not attribute or ISO.match(attribute), f"{where}: {name} value={attribute!r}"
        assert not value or ISO.match(value), f"{where}: {name} value={value!r}"
        # What the server filled in survives into the browser's own value.
        assert value == attribute or not attribute, f"{where}: {name} {attribute!r}->{value!r}"


def visit(page, path: str, visited: list[str] | None = None) -> None:
    page.goto(f"{page.base_url}{path}")
    check_page(page, visited)


def sign_in(page, username: str, password: str) -> None:
    log_in(page, username, password)
    page.wait_for_url(f"{page.base_url}/")
    check_page(page)


def sign_out(page) -> None:
    # Let the lazy bell request finish first, or its reply restores the old session.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()


def download(page, selector: str):
    """Click a download link; return (suggested file name, bytes)."""
    with page.expect_download() as info:
        page.click(selector)
    dl = info.value
    with open(dl.path(), "rb") as fh:
        return dl.suggested_filename, fh.read()


def _cell_text(value) -> str:
    if isinstance(value, datetime | date):
        return ""
    return "" if value is None else str(value)


def check_workbook(content: bytes, *, record_columns: int = 1) -> dict[str, list[list]]:
    """Assert every sheet reads as words; return each sheet's rows (values)."""
    book = load_workbook(BytesIO(content))
    sheets = {}
    record_columns_seen = 0
    for ws in book.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        sheets[ws.title] = rows
        assert not offences(ws.title), ws.title
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                found = offences(_cell_text(value))
                assert not found, f"{ws.title}!{ws.cell(r, c).coordinate} {value!r}: {found}"
        if ws.title == DETAILS_SHEET or ws.max_row < 2 or ws.max_column < 2:
            continue  # the export's details: key and value, not a table
        # A table sheet: filter and frozen header.
        assert ws.auto_filter.ref, f"{ws.title}: no autofilter"
        assert ws.freeze_panes, f"{ws.title}: header not frozen"
        header_row = int(re.sub(r"\D", "", ws.auto_filter.ref.split(":")[0]) or 1)
        header = [str(v or "") for v in rows[header_row - 1]]
        for c, title in enumerate(header):
            if title.strip() not in RECORD_HEADERS:
                continue
            record_columns_seen += 1
            for row in rows[header_row:]:
                value = row[c]
                if value in (None, ""):
                    continue
                assert NUMBER.fullmatch(str(value)), (
                    f"{ws.title} {title}: {value!r} is not a record number")
    assert record_columns_seen >= record_columns, "no column names its records by number"
    return sheets
