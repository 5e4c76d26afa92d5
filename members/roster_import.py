"""Excel roster import and export: read a sheet, check every row, preview, then apply all-or-nothing.

The general steps (`read_sheet`, `Problem`, `stash_upload` / `take_stash`) know nothing about members,
so another import (e.g. wage bases in funds) can follow the same preview-then-confirm approach:

    rows = read_sheet(upload, required=[...], optional=[...])  # ImportFileError for a bad file
    preview = <check rows, collecting Problems with row numbers>  # nothing saved
    token = stash_upload(request, upload)                        # shown on the preview page
    ...user confirms...
    upload = take_stash(request, token); <read and check again>; <apply in transaction.atomic()>

A file that cannot be a sheet of at most MAX_ROWS rows is refused before openpyxl parses it
(`check_archive`): an .xlsx is a zip, and 167 KB of it may unpack to 68 MB of four million strings,
which took openpyxl 40 seconds and over 500 MB to read.
"""

import hashlib
import io
import json
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from members import dates, history
from members.accounts import email_change_refusal, leaving_refusal, tell_old_address
from members.models import Department, HistoryEntry, Member, PendingImport, UnionGroup
from members.roles import manageable_logins
from members.spreadsheets import xlsx_bytes

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The most rows one file may hold: a roster of this size is checked and imported well within a
# request's time (README, "Excel imports"), on SQLite and PostgreSQL alike.
MAX_ROWS = 5_000
# What an .xlsx of at most MAX_ROWS rows may unpack to. Such a roster in the template's eleven columns
# unpacks to 3.5 MB; the limits leave room for three times as many columns and a picture or two.
MAX_PARTS = 200  # a workbook saved by Excel holds a dozen parts
MAX_UNPACKED_BYTES = 24 * 1024 * 1024  # all parts together
MAX_SHEET_BYTES = 12 * 1024 * 1024  # one worksheet: openpyxl reads it row by row
MAX_WHOLE_PART_BYTES = 4 * 1024 * 1024  # any other XML part: openpyxl holds it whole (shared strings, styles)
MAX_CELLS_IN_A_ROW = 16_384  # Excel's own limit (column XFD); openpyxl builds a row whole before yielding it
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, empty, too large, missing columns)."""


@dataclass
class Problem:
    row: int
    column: str
    value: str
    message: str

    def __str__(self):
        return _("Row %(row)s %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


# -- reading any sheet -------------------------------------------------------------------------


def read_sheet(upload, required, optional=(), max_bytes=None):
    """[(row number, {header: value})] from the first sheet of an .xlsx upload.

    Row numbers are those Excel shows (the header is row 1). Blank rows are skipped, but every row
    counts towards MAX_ROWS, whatever columns it uses: reading stops at the first row beyond it.
    """
    max_bytes = max_bytes or MAX_UPLOAD_BYTES
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ImportFileError(
            _("Please upload an Excel workbook (.xlsx); “%(name)s” is not one.") % {"name": name}
        )
    if upload.size == 0:
        raise ImportFileError(_("The file is empty."))
    if upload.size > max_bytes:
        raise ImportFileError(
            _("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024) or 1}
        )
    data = upload.read()
    check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError, TypeError) as error:
        raise ImportFileError(_("The file is not a readable Excel workbook (.xlsx).")) from error
    except Exception as error:  # zipfile.BadZipFile and other corruptions
        raise ImportFileError(_("The file is not a readable Excel workbook (.xlsx).")) from error
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the sheet's own <dimension> may lie: read the rows that are there
        lines = _lines(sheet.iter_rows(values_only=True))
        _number, header = next(lines, (1, None))
        headers = [_cell_text(h) for h in header or []]
        if not any(headers):
            raise ImportFileError(_("The first row must hold the column headers; the sheet is empty."))
        missing = [h for h in required if h not in headers]
        if missing:
            raise ImportFileError(
                _("Missing columns: %(columns)s. Download the template to see the columns.")
                % {"columns": "、".join(missing)}
            )
        wanted = {h: headers.index(h) for h in [*required, *optional] if h in headers}
        rows = []
        for number, line in lines:
            if number > MAX_ROWS + 1:  # the header is row 1
                raise ImportFileError(
                    _(
                        "The sheet has more than %(count)s rows. Every row counts that holds anything in "
                        "any column: delete the rows below the list, or import the list in parts."
                    )
                    % {"count": f"{MAX_ROWS:,}"}
                )
            values = {h: (line[i] if i < len(line) else None) for h, i in wanted.items()}
            if all(_cell_text(v) == "" for v in values.values()):
                continue
            rows.append((number, values))
    finally:
        workbook.close()
    if not rows:
        raise ImportFileError(_("The sheet has headers but no rows to import."))
    return rows


def _lines(rows):
    """(row number, values) of the sheet's rows; a cell openpyxl cannot read — text in a cell marked as a
    number, a date or a shared string that is not there — ends the reading with an ImportFileError."""
    number = 0
    while True:
        try:
            line = next(rows)
        except StopIteration:
            return
        except Exception as error:  # ValueError, IndexError, OverflowError, a broken XML element...
            raise ImportFileError(
                _(
                    "Row %(row)s has a cell that cannot be read: it is marked as a number or a date but holds "
                    "something else, or the file is damaged. In Excel, set the format of that row's cells to "
                    "text (or correct them) and save the file again."
                )
                % {"row": number + 1}
            ) from error
        number += 1
        yield number, line


_CELL_OR_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?(c|row)[\s/>]")  # <c …>, <x:row …>


def check_archive(data):
    """Refuse an .xlsx whose parts unpack out of proportion with a sheet of MAX_ROWS rows, before any
    of it is parsed. The sizes come from the zip's directory; Python's zipfile never unpacks a part
    beyond the size the directory gives it, so a part cannot be larger than it claims."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportFileError(_("The file is not a readable Excel workbook (.xlsx).")) from error
    if len(parts) > MAX_PARTS:
        raise ImportFileError(
            _(
                "The file holds %(count)s parts, far more than a workbook of one list needs (at most "
                "%(limit)s). It may be damaged: copy the list into a new workbook in Excel and upload that."
            )
            % {"count": len(parts), "limit": MAX_PARTS}
        )
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED_BYTES:
        raise _out_of_proportion(total, MAX_UNPACKED_BYTES)
    for part in parts:
        sheet = part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")
        whole = not sheet and part.filename.endswith((".xml", ".rels"))
        limit = MAX_SHEET_BYTES if sheet else MAX_WHOLE_PART_BYTES if whole else MAX_UNPACKED_BYTES
        if part.file_size > limit:
            raise _out_of_proportion(part.file_size, limit)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in parts:
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                _check_row_widths(archive, part)


def _out_of_proportion(size, limit):
    return ImportFileError(
        _(
            "The file unpacks to %(size)s MB, out of proportion with a sheet of at most %(rows)s rows "
            "(at most %(limit)s MB). It may be damaged or built to overload the server: copy the list "
            "into a new workbook in Excel and upload that."
        )
        % {"size": f"{size / 1024 / 1024:,.1f}", "rows": f"{MAX_ROWS:,}", "limit": limit // 1024 // 1024}
    )


def _check_row_widths(archive, part):
    """No row may hold more cells than Excel allows: openpyxl builds each row whole, and a row of a
    million empty cells (21 MB of XML) takes 660 MB. Counted on the raw XML, a megabyte at a time."""
    cells, carry = 0, b""
    with archive.open(part) as source:
        while True:
            chunk = source.read(1024 * 1024)
            text = carry + chunk
            # A tag that may be cut at the end is counted with the next megabyte (no tag is 64 bytes long).
            cut = max(0, len(text) - 64) if chunk else len(text)
            for match in _CELL_OR_ROW.finditer(text):
                if match.start() >= cut:
                    break
                if match.group(1) == b"row":
                    cells = 0
                    continue
                cells += 1
                if cells > MAX_CELLS_IN_A_ROW:
                    raise ImportFileError(
                        _(
                            "A row of the file holds more than %(limit)s cells, more than Excel allows: the "
                            "file is damaged or was not saved by a spreadsheet program."
                        )
                        % {"limit": MAX_CELLS_IN_A_ROW}
                    )
            if not chunk:
                return
            carry = text[cut:]


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return str(value).strip()


_DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]


def parse_date(value):
    """A date from a date cell or text like 1980-02-03, 1980/2/3, 1980年2月3日; ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


# -- keeping the upload between preview and confirm ---------------------------------------------

KEPT_FOR = timedelta(hours=1)
_TOKEN = re.compile(r"[0-9a-f]{32}")


def stash_upload(request, upload, kind="roster"):
    """Keep the uploaded file until the user confirms; returns the token the confirm form sends back.

    The file goes into the database (PendingImport), so that the confirmation may reach any app
    server. The user's earlier file of this kind goes, and so does everyone's older than an hour:
    one query, on each upload."""
    now = timezone.now()
    PendingImport.objects.filter(Q(created_at__lt=now - KEPT_FOR) | Q(user=request.user, kind=kind)).delete()
    upload.seek(0)
    pending = PendingImport.objects.create(
        union=request.union, user=request.user, kind=kind, token=uuid.uuid4().hex, content=upload.read(),
        created_at=now,
    )
    return pending.token


def take_stash(request, token, kind="roster"):
    """The kept file as an upload-like object, taken out of the database: a confirmation uses it once,
    whether it succeeds or fails. None if the token is not this user's, or the file is over an hour old
    (or another request took it first)."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    pending = (
        PendingImport.objects.filter(
            token=token, kind=kind, user=request.user, union=request.union, created_at__gte=timezone.now() - KEPT_FOR
        )
        .only("pk", "content")
        .first()
    )
    if pending is None or not PendingImport.objects.filter(pk=pending.pk).delete()[0]:
        return None
    return ContentFile(bytes(pending.content), name=f"{token}.xlsx")


# -- the member roster --------------------------------------------------------------------------

# (field, Chinese header): the file format. Headers are data, like a form a union hands in.
COLUMNS = [
    ("name", "姓名"),
    ("gender", "性别"),
    ("employee_number", "工号"),
    ("department", "部门"),
    ("group", "工会小组"),
    ("birth_date", "出生日期"),
    ("lunar_birthday", "农历生日"),
    ("phone", "手机"),
    ("joined_on", "入会日期"),
    ("status", "状态"),
    ("email", "邮箱"),
]
HEADER = dict(COLUMNS)
REQUIRED = ["姓名", "性别", "工号"]
GENDER_WORDS = {"男": Member.Gender.MALE, "女": Member.Gender.FEMALE}
STATUS_WORDS = {
    "在职": Member.Status.ACTIVE,
    "退休": Member.Status.RETIRED,
    "内退": Member.Status.EARLY_RETIRED,
    "离会": Member.Status.LEFT,
}
YES_WORDS = {"是": True, "否": False, "": False}
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
IMPORTED_FIELDS = [
    "name",
    "gender",
    "employee_number",
    "department",
    "group",
    "birth_date",
    "lunar_birthday",
    "phone",
    "joined_on",
    "status",
    "email",
]
# Up to this many employee numbers, the members are looked up by number (an IN list every database
# accepts); a longer file reads the union's whole roster instead. One query either way.
IN_LIST_LIMIT = 900


def _word(mapping, value):
    return {v: k for k, v in mapping.items()}.get(value, "")


def roster_rows(members):
    """The roster as rows of cell values, in COLUMNS order (export and template share it)."""
    for m in members:
        yield [
            m.name,
            _word(GENDER_WORDS, m.gender),
            m.employee_number,
            m.department.name if m.department else "",
            m.group.name if m.group else "",
            m.birth_date,
            "是" if m.lunar_birthday else "否",
            m.phone,
            m.joined_on,
            _word(STATUS_WORDS, m.status),
            m.email,
        ]


def roster_workbook(members, *, template=False):
    """An .xlsx of `members` (select_related department, group), as bytes."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "会员名册"
    sheet.append([header for _f, header in COLUMNS])
    for row in roster_rows(members):
        sheet.append(row)
    for letter, width, fmt in [
        ("A", 10, None),
        ("B", 6, None),
        ("C", 10, "@"),
        ("D", 12, None),
        ("E", 16, None),
        ("F", 12, "yyyy-mm-dd"),
        ("G", 9, None),
        ("H", 14, "@"),
        ("I", 12, "yyyy-mm-dd"),
        ("J", 8, None),
        ("K", 24, None),
    ]:
        sheet.column_dimensions[letter].width = width
        if fmt:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=ord(letter) - 64, max_col=ord(letter) - 64):
                cell.number_format = fmt
    sheet.freeze_panes = "A2"
    if template:
        for column, words in [("B", GENDER_WORDS), ("G", ["是", "否"]), ("J", STATUS_WORDS)]:
            rule = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
            rule.add(f"{column}2:{column}1000")
            sheet.add_data_validation(rule)
    return xlsx_bytes(workbook)


def template_workbook():
    example = Member(
        name="张三",
        gender=Member.Gender.MALE,
        employee_number="T0001",
        birth_date=date(1985, 3, 12),
        phone="13800138000",
        joined_on=date(2008, 9, 1),
        status=Member.Status.ACTIVE,
    )
    example.department = Department(name="语文组")
    example.group = UnionGroup(name="文科工会小组")
    return roster_workbook([example], template=True)


@dataclass
class RowResult:
    number: int
    values: dict  # field -> clean value (department/group as names)
    member: Member | None = None  # the existing member with this employee number
    changes: dict = field(default_factory=dict)

    @property
    def action(self):
        if self.member is None:
            return "create"
        return "update" if self.changes else "unchanged"


@dataclass
class Preview:
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    new_departments: list = field(default_factory=list)
    new_groups: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self):
        return self.count("create")

    @property
    def updated(self):
        return self.count("update")

    @property
    def unchanged(self):
        return self.count("unchanged")

    def digest(self):
        """A fingerprint of what applying would do: confirming checks it, so it applies exactly what
        the preview showed (the roster may have changed in between)."""
        parts = [self.new_departments, self.new_groups]
        for row in self.rows:
            what = row.changes if row.member else row.values
            parts.append([row.number, row.action, row.member and row.member.pk, sorted(what.items())])
        return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()


def check_roster(union, upload, *, create_missing=False, today=None, actor=None):
    """Read and check every row; a Preview with every problem and what would change. Saves nothing.
    With `actor`, a row may not move the reset address of, or switch off, a login they may not manage."""
    today = today or timezone.localdate()
    raw_rows = read_sheet(upload, REQUIRED, [h for _f, h in COLUMNS if h not in REQUIRED])
    departments = {d.name: d for d in Department.objects.for_union(union)}
    groups = {g.name: g for g in UnionGroup.objects.for_union(union)}
    numbers = {_cell_text(values.get("工号")) for _n, values in raw_rows} - {""}
    members = Member.objects.for_union(union).select_related("department", "group", "user")
    if len(numbers) <= IN_LIST_LIMIT:
        members = members.filter(employee_number__in=numbers)
    existing = {m.employee_number: m for m in members if m.employee_number in numbers}
    preview = Preview()
    seen = {}
    for number, values in raw_rows:
        clean, problems = _check_row(number, values, today)
        preview.problems.extend(problems)
        employee_number = clean.get("employee_number")
        if employee_number:
            if employee_number in seen:
                preview.problems.append(
                    Problem(
                        number,
                        HEADER["employee_number"],
                        employee_number,
                        _("%(value)s is also on row %(other)s")
                        % {"value": employee_number, "other": seen[employee_number]},
                    )
                )
            seen.setdefault(employee_number, number)
        for key, known, new_list in [
            ("department", departments, preview.new_departments),
            ("group", groups, preview.new_groups),
        ]:
            name = clean.get(key)
            if name and name not in known:
                if create_missing:
                    if name not in new_list:
                        new_list.append(name)
                else:
                    message = (
                        _("%(value)s is not a department of this union (tick “create missing” to add it)")
                        if key == "department"
                        else _(
                            "%(value)s is not a union group of this union (tick “create missing” to add it)"
                        )
                    )
                    preview.problems.append(Problem(number, HEADER[key], name, message % {"value": name}))
        member = existing.get(employee_number)
        row = RowResult(number, clean, member)
        if member is not None and not problems:
            row.changes = _changes(member, clean)
        preview.rows.append(row)
    if actor is not None:
        preview.problems.extend(_login_problems(union, preview.rows, actor))
    preview.problems.sort(key=lambda p: p.row)
    return preview


def _login_problems(union, rows, actor):
    """The member form's rules for logins (members.accounts): who may change the e-mail address of
    a member with a login, or mark them 离会. One query for all the logins concerned."""
    rows = [
        row for row in rows
        if row.member and row.member.user_id and ("email" in row.changes or "status" in row.changes)
    ]
    if not rows:
        return []
    logins = manageable_logins(actor, union)
    if len(rows) <= IN_LIST_LIMIT:
        logins = logins.filter(pk__in=[row.member.user_id for row in rows])
    manageable = set(logins.values_list("pk", flat=True))
    problems = []
    for row in rows:
        may = row.member.user_id in manageable
        refusals = [
            ("email", "email" in row.changes and email_change_refusal(actor, row.member, may)),
            ("status", row.changes.get("status", ("", ""))[1] == Member.Status.LEFT
             and leaving_refusal(actor, row.member, may)),
        ]
        problems += [Problem(row.number, HEADER[k], _shown(k, row.values[k]), why) for k, why in refusals if why]
    return problems


def _check_row(number, values, today):
    clean, problems = {}, []

    def bad(key, value, message):
        problems.append(Problem(number, HEADER[key], _cell_text(value), message))

    text = {key: _cell_text(values.get(header)) for key, header in COLUMNS}
    for key in ("name", "employee_number"):
        if not text[key]:
            bad(key, "", _("is required"))
    if len(text["name"]) > 50:
        bad("name", text["name"], _("is longer than 50 characters"))
    if len(text["employee_number"]) > 30:
        bad("employee_number", text["employee_number"], _("is longer than 30 characters"))
    clean["name"], clean["employee_number"] = text["name"], text["employee_number"]
    clean["department"], clean["group"] = text["department"], text["group"]

    if text["gender"] in GENDER_WORDS:
        clean["gender"] = GENDER_WORDS[text["gender"]]
    else:
        bad("gender", text["gender"], _("%(value)s must be 男 or 女") % {"value": text["gender"] or "—"})

    status = text["status"] or "在职"
    if status in STATUS_WORDS:
        clean["status"] = STATUS_WORDS[status]
    else:
        bad("status", status, _("%(value)s must be one of 在职, 退休, 内退, 离会") % {"value": status})

    if text["lunar_birthday"] in YES_WORDS:
        clean["lunar_birthday"] = YES_WORDS[text["lunar_birthday"]]
    else:
        bad(
            "lunar_birthday",
            text["lunar_birthday"],
            _("%(value)s must be 是 or 否") % {"value": text["lunar_birthday"]},
        )

    phone = re.sub(r"[\s-]", "", text["phone"])
    if phone and not PHONE_RE.match(phone):
        bad(
            "phone", text["phone"], _("%(value)s is not an 11-digit mobile number") % {"value": text["phone"]}
        )
    clean["phone"] = phone

    clean["email"] = text["email"]
    if text["email"]:
        try:
            if len(text["email"]) > 254:
                raise ValidationError("too long")
            validate_email(text["email"])
        except ValidationError:
            bad("email", text["email"], _("%(value)s is not an e-mail address") % {"value": text["email"]})

    for key in ("birth_date", "joined_on"):
        value = values.get(HEADER[key])
        clean[key] = None
        if _cell_text(value) == "":
            continue
        try:
            day = parse_date(value)
        except ValueError:
            bad(key, value, _("%(value)s is not a valid date") % {"value": _cell_text(value)})
            continue
        # The member form's rules (members/dates.py); the birth date comes first, so a join date is
        # checked against a birth date that passed them.
        if key == "birth_date":
            problem = dates.birth_date_problem(day, today)
        else:
            problem = dates.joined_on_problem(day, clean["birth_date"], today)
        if problem:
            bad(key, value, problem)
        else:
            clean[key] = day
    # Only what the file has a column for: a file of names and numbers leaves phones and dates alone.
    return {key: value for key, value in clean.items() if HEADER[key] in values}, problems


def _current(member, key):
    if key == "department":
        return member.department.name if member.department else ""
    if key == "group":
        return member.group.name if member.group else ""
    return getattr(member, key)


def _changes(member, clean):
    return {
        key: (_current(member, key), clean[key])
        for key in IMPORTED_FIELDS
        if key in clean and _current(member, key) != clean[key]
    }


# -- what the preview shows ----------------------------------------------------------------------

# The fields as the committee names them: a change reads "手机号：13900000000 → 13700000000".
FIELD_LABELS = {
    "name": pgettext_lazy("roster import field", "Name"),
    "gender": pgettext_lazy("roster import field", "Gender"),
    "employee_number": pgettext_lazy("roster import field", "Employee number"),
    "department": pgettext_lazy("roster import field", "Department"),
    "group": pgettext_lazy("roster import field", "Union group"),
    "birth_date": pgettext_lazy("roster import field", "Birth date"),
    "lunar_birthday": pgettext_lazy("roster import field", "Lunar birthday"),
    "phone": pgettext_lazy("roster import field", "Mobile phone"),
    "joined_on": pgettext_lazy("roster import field", "Joined on"),
    "status": pgettext_lazy("roster import field", "Status"),
    "email": pgettext_lazy("roster import field", "E-mail"),
}
# Shown only to holders of members.view_sensitive_member, as on a member's page.
SENSITIVE_FIELDS = {"birth_date", "lunar_birthday", "phone", "email"}
YES_NO = {True: pgettext_lazy("roster import value", "Yes"), False: pgettext_lazy("roster import value", "No")}


@dataclass
class Change:
    label: str
    old: str = ""
    new: str = ""
    hidden: bool = False  # the reader may learn that the field changes, not its values


@dataclass
class Entry:
    """One member the import adds or changes, as the preview lists it."""

    number: int  # the row in the file
    name: str
    employee_number: str
    department: str
    changes: list = field(default_factory=list)  # [Change]; empty for a member added


@dataclass
class Listing:
    added: list
    changed: list

    OPEN_UP_TO = 50  # a longer group starts folded, so the page stays readable

    @property
    def fold_added(self):
        return len(self.added) > self.OPEN_UP_TO

    @property
    def fold_changed(self):
        return len(self.changed) > self.OPEN_UP_TO


def listing(preview, *, private):
    """Who a clean preview adds and whom it changes, field by field (unchanged members are only
    counted). Plain text from the preview's rows and the members it loaded: no query."""
    added, changed = [], []
    for row in preview.rows:
        if row.action == "create":
            department = row.values.get("department", "")
        elif row.action == "update":
            department = row.values.get("department", _current(row.member, "department"))
        else:
            continue
        entry = Entry(row.number, row.values["name"], row.values["employee_number"], department)
        for key, (old, new) in row.changes.items():
            if private or key not in SENSITIVE_FIELDS:
                entry.changes.append(Change(str(FIELD_LABELS[key]), _shown(key, old), _shown(key, new)))
            else:
                entry.changes.append(Change(str(FIELD_LABELS[key]), hidden=True))
        (added if row.member is None else changed).append(entry)
    return Listing(added, changed)


def _shown(key, value):
    if key == "lunar_birthday":
        return str(YES_NO[bool(value)])
    if value is None or value == "":
        return ""
    if key == "gender":
        return str(dict(Member.Gender.choices).get(value, value))
    if key == "status":
        return str(dict(Member.Status.choices).get(value, value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@transaction.atomic
def apply_roster(union, preview, actor):
    """Create and update the members of a clean preview; all or nothing. Returns (created, updated)."""
    if not preview.ok:
        raise ValueError("apply_roster needs a preview without problems")
    departments = {d.name: d for d in Department.objects.for_union(union)}
    groups = {g.name: g for g in UnionGroup.objects.for_union(union)}
    next_order = len(departments)
    for name in preview.new_departments:
        if name not in departments:
            departments[name] = Department.objects.create(union=union, name=name, order=next_order)
            next_order += 1
    for name in preview.new_groups:
        if name not in groups:
            groups[name] = UnionGroup.objects.create(union=union, name=name)
    today = timezone.localdate()
    created = updated = 0
    entries = []
    for row in preview.rows:
        if row.action == "unchanged":
            continue
        values = dict(row.values)  # the file's columns only
        for key, known in (("department", departments), ("group", groups)):
            if key in values:
                values[key] = known.get(values[key])
        member = row.member or Member(union=union)
        before = history.snapshot(member, Member.history_fields()) if row.member else {}
        was = member.status if row.member else None
        for key, value in values.items():
            setattr(member, key, value)
        if "email" in row.changes:
            tell_old_address(member, row.changes["email"][0])
        _date_status_change(member, was, today)
        if row.member is None:
            member.save()
            created += 1
        else:
            member.version += 1  # an import is an edit: an editor holding the old version must reload
            member.save()
            updated += 1
        action = HistoryEntry.Action.CHANGE if row.member else HistoryEntry.Action.CREATE
        entries.append(
            (
                member,
                action,
                history.changes_between(before, history.snapshot(member, Member.history_fields())),
            )
        )
    # One INSERT per thousand entries rather than one per member: 5,000 rows stay within a request.
    HistoryEntry.objects.bulk_create(
        [history.entry(member, actor, action, changes, note=_("Excel roster import"), union=union)
         for member, action, changes in entries],
        batch_size=1000,
    )
    return created, updated


def _date_status_change(member, was, today):
    """A member who retires or leaves through the import gets the date recorded, as in the form."""
    if member.status != was:
        if member.status in (Member.Status.RETIRED, Member.Status.EARLY_RETIRED) and not member.retired_on:
            member.retired_on = today
        if member.status == Member.Status.LEFT and not member.left_on:
            member.left_on = today
