"""Importing a backlog ledger from Excel: every row checked, all rows or none.

Units, leaders, petitions and the campaign's existing cases are read once into
dicts before the rows are checked, so a 5,000-row file costs a handful of
queries; the cases and their events are written with bulk_create in one
transaction.
"""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from accounts import roles
from accounts.models import OrgUnit, User
from backlog.models import BacklogCase, BacklogEvent, Campaign
from backlog.permissions import can_act
from backlog.transitions import due_on_error
from core.dates import local_today
from core.excel import Column, write_workbook
from core.numbering import BACKLOG_PREFIX, allocate_numbers
from core.text import has_control_characters
from petitions.models import Petition

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
# A zip bomb (260 KB of sharedStrings expanding to 100 MB) held a worker for
# 30 s: the declared sizes in the zip directory are checked before openpyxl
# opens anything (zipfile never inflates a member past its declared size).
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024
MAX_PARTS = 200

# Field -> the Chinese label of the downloadable template.
FIELDS = {
    "title": "标题",
    "org_unit": "责任单位代码",
    "leader": "包案领导用户名",
    "due_on": "化解期限",
    "petition_number": "信访事项编号",
}
REQUIRED = ("title", "org_unit", "leader", "due_on")
_HEADER_ALIASES = {**{f: f for f in FIELDS}, **{label: f for f, label in FIELDS.items()}}
ERROR_HEADER = "错误"


@dataclass
class ImportResult:
    count: int = 0
    errors: list[dict] = field(default_factory=list)  # [{"row", "errors"}]
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number, raw values)


def template_workbook() -> bytes:
    """The template to fill in: the Chinese labels and one example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "积案台账"
    sheet.append(list(FIELDS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="8B1A1A")
    sheet.append(["某小区房屋质量问题信访", "T01", "leader_T01", date(2026, 12, 31), ""])
    sheet.cell(row=2, column=4).number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDE", (40, 16, 18, 14, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    for line in ("标题、责任单位代码、包案领导用户名、化解期限为必填项。",
                 "责任单位代码如 T01、D03；包案领导须为该单位的分管领导。",
                 "化解期限填写日期，如 2026-12-31。",
                 "信访事项编号可选，如 XF-2026-000123。",
                 "任何一行有误则整个文件不导入，请按错误报告修改后重新上传。"):
        notes.append([line])
    notes.column_dimensions["A"].width = 70
    return _save(workbook)


def error_workbook(result: ImportResult) -> bytes:
    """The uploaded rows with an error column, so the sender can fix and resend. Written
    by the one export writer: text from the file, header included, stays text."""
    by_row = {e["row"]: "；".join(e["errors"]) for e in result.errors}
    columns = [Column(_("Row"), 8, "int"), *[Column(str(h or ""), 18) for h in result.header],
               Column(ERROR_HEADER, 60)]
    rows = ([number, *values, by_row.get(number, "")] for number, values in result.rows)
    buffer = io.BytesIO()
    write_workbook(buffer, columns=columns, rows=rows, filters={}, sheet_title="错误报告")
    return buffer.getvalue()


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read(upload) -> tuple[list[str], list[tuple[int, list]]]:
    if upload.size > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    data = upload.read()
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError({"file": _("Upload an Excel workbook (.xlsx).")})
    try:
        _check_unzipped_size(data)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(v).strip() if v is not None else "" for v in next(rows, ())]
        body = []
        for number, values in enumerate(rows, start=2):
            # Blank rows count too: a million empty rows are still a million to read.
            if number - 1 > MAX_ROWS:
                raise ValidationError({"file": _("The file has more than 20,000 rows.")})
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            body.append((number, list(values)))
        workbook.close()
    except ValidationError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, IndexError,
            AttributeError, StopIteration) as exc:
        raise ValidationError({"file": _("The file could not be read as an Excel workbook.")}
                              ) from exc
    return header, body


def _check_unzipped_size(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNZIPPED_BYTES:
        raise ValidationError({"file": _("The workbook expands to more than 60 MB or has too "
                                         "many parts; split it into smaller files.")})


def _parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip().replace("/", "-").replace(".", "-")
        try:
            return date.fromisoformat(text)
        except ValueError:
            try:
                return datetime.strptime(text, "%Y-%m-%d").date()
            except ValueError:
                return None
    return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


PROGRESS_EVERY = 500


def cases_import(*, actor: User, campaign: Campaign, upload, today: date | None = None,
                 progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Check every row; create all the cases or none. Raises ValidationError for a
    file that cannot be read; returns the result with `errors` for bad rows.
    `progress(done, total)` is told every PROGRESS_EVERY rows checked (the worker's
    job page shows it)."""
    if not can_act(actor, "import"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Your role may not do this."))
    header, body = _read(upload)
    columns = {}
    for index, name in enumerate(header):
        key = _HEADER_ALIASES.get(name) or _HEADER_ALIASES.get(name.lower())
        if key and key not in columns:
            columns[key] = index
    missing = [FIELDS[f] for f in REQUIRED if f not in columns]
    if missing:
        raise ValidationError({"file": _("Missing columns: %(cols)s.") % {
            "cols": "、".join(missing)}})
    result = ImportResult(header=header, rows=body)
    if not body:
        raise ValidationError({"file": _("The file has no data rows.")})

    def get(values, key):
        index = columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    # Everything the rows refer to, read once.
    units = {u.code: u for u in OrgUnit.objects.filter(is_active=True,
                                                        kind__in=OrgUnit.REPORTING_KINDS)}
    leaders = {u.username: u for u in User.objects.filter(is_active=True,
                                                          groups__name=roles.LEADER)}
    numbers = {_text(get(v, "petition_number")) for _n, v in body} - {""}
    petitions = {p.number: p for p in Petition.objects.filter(number__in=numbers)}
    taken_petitions = set(BacklogCase.objects.filter(petition__number__in=numbers)
                          .values_list("petition__number", flat=True))
    existing = set(BacklogCase.objects.filter(campaign=campaign)
                   .values_list("title", "org_unit__code"))

    today = today or local_today()
    seen: dict[tuple, int] = {}
    seen_petitions: dict[str, int] = {}
    cases = []
    total = len(body)
    for checked, (number, values) in enumerate(body, start=1):
        if progress is not None and (checked % PROGRESS_EVERY == 0 or checked == total):
            progress(checked, total)
        errors = []
        title = _text(get(values, "title"))
        code = _text(get(values, "org_unit")).upper()
        username = _text(get(values, "leader"))
        raw_due = get(values, "due_on")
        petition_number = _text(get(values, "petition_number"))
        if any(has_control_characters(v) for v in values):
            errors.append(_("The row contains control characters; remove them."))
        if not title:
            errors.append(_("The title is missing."))
        elif len(title) > 200:
            errors.append(_("The title is longer than 200 characters."))
        unit = units.get(code)
        if not code:
            errors.append(_("The unit code is missing."))
        elif unit is None:
            errors.append(_("Unknown unit code %(code)s.") % {"code": code})
        leader = leaders.get(username)
        if not username:
            errors.append(_("The leader in charge is missing."))
        elif leader is None or (unit is not None and leader.org_unit_id != unit.pk):
            errors.append(_("%(user)s is not a leader of that unit.") % {"user": username})
        due_on = _parse_date(raw_due)
        if raw_due is None or _text(raw_due) == "":
            errors.append(_("The deadline is missing."))
        elif due_on is None:
            errors.append(_("The deadline %(value)s is not a date (YYYY-MM-DD).")
                          % {"value": _text(raw_due)})
        elif error := due_on_error(due_on, assigned_on=today):
            errors.append(error)
        petition = None
        if petition_number:
            petition = petitions.get(petition_number)
            if petition is None:
                errors.append(_("Unknown petition number %(n)s.") % {"n": petition_number})
            elif petition_number in taken_petitions:
                errors.append(_("Petition %(n)s is already a backlog case.")
                              % {"n": petition_number})
            elif petition_number in seen_petitions:
                errors.append(_("Petition %(n)s also appears in row %(row)s.")
                              % {"n": petition_number, "row": seen_petitions[petition_number]})
            else:
                seen_petitions[petition_number] = number
        key = (title, code)
        if title and code:
            if key in seen:
                errors.append(_("Duplicates row %(row)s.") % {"row": seen[key]})
            elif key in existing:
                errors.append(_("This case is already in the campaign."))
            else:
                seen[key] = number
        if errors:
            result.errors.append({"row": number, "errors": errors})
        elif not result.errors:
            cases.append(BacklogCase(campaign=campaign, petition=petition, title=title,
                                     org_unit=unit, leader=leader, due_on=due_on,
                                     assigned_on=today, created_by=actor))
    if result.errors:
        return result
    with transaction.atomic():
        # One block of numbers for the whole file, in row order (core.numbering).
        for case, num in zip(cases, allocate_numbers(BACKLOG_PREFIX,
                                                     [c.assigned_on for c in cases]),
                             strict=True):
            case.number = num
        created = BacklogCase.objects.bulk_create(cases, batch_size=1000)
        BacklogEvent.objects.bulk_create(
            [BacklogEvent(case=c, actor=actor, action="import", to_status=c.status,
                          note=upload.name or "") for c in created], batch_size=1000)
    result.count = len(created)
    return result
