"""The roster import and export: read a roster as an office keeps it, understand its columns, check
every row, preview, then apply all-or-nothing.

A roster comes as .xlsx, .xls, .xlsb, .ods or .csv (members.sheets reads them all), with title rows
above its table and its own headings (姓  名, 所在科室, 联系电话): the headings are matched against
members.roster_values.HEADINGS and against the columns the union chose before (Union.roster_columns);
where a column is not understood, the committee maps it on the preview, and the choice is remembered
when they confirm.

The general steps (`read_sheet`, `Problem`, `stash_upload` / `take_stash`) know nothing about members,
so another import (the wage bases in funds) follows the same preview-then-confirm approach:

    rows = read_sheet(upload, required=[...], optional=[...])  # ImportFileError for a bad file
    preview = <check rows, collecting Problems with row numbers>  # nothing saved
    token = stash_upload(request, upload)                        # shown on the preview page
    ...user confirms...
    upload = take_stash(request, token); <read and check again>; <apply in transaction.atomic()>
"""

import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from members import dates, history, lunar
from members import roster_values as values_of
from members.accounts import email_change_refusal, leaving_refusal, tell_old_address
from members.member_edits import note_status_dates
from members.models import BirthCalendar, Department, HistoryEntry, Member, PendingImport, UnionGroup
from members.roles import manageable_logins
from members.roster_values import FIELD_LABELS
from members.sheets import (  # noqa: F401  (the limits are part of this module's interface)
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    ImportFileError,
    cell_text,
    find_table,
    normalize_heading,
    open_book,
)
from members.spreadsheets import xlsx_bytes

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# members.sheets.Book.format as the preview names it.
FORMAT_NAMES = {
    "xlsx": "Excel (.xlsx)", "xls": "Excel 97–2003 (.xls)", "xlsb": "Excel (.xlsb)",
    "ods": "OpenDocument (.ods)", "csv": "CSV (.csv)",
}


@dataclass
class Problem:
    """What is wrong with one cell: the file's row number, the column's heading as the file writes
    it, the value, and what would be accepted."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self):
        if self.value:
            return _("Row %(row)s, %(column)s “%(value)s”: %(message)s") % {
                "row": self.row, "column": self.column, "value": self.value, "message": self.message,
            }
        return _("Row %(row)s %(column)s: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message,
        }


# -- reading any sheet -------------------------------------------------------------------------


def read_sheet(upload, required, optional=(), max_bytes=None):
    """[(row number, {header: value})] from the first sheet that has the `required` headings, compared
    as members.sheets.normalize_heading does (the file's title rows above them are skipped). Row
    numbers are those the spreadsheet program shows; blank rows are left out."""
    wanted = {normalize_heading(h): h for h in [*required, *optional]}
    table = find_table(open_book(upload, max_bytes=max_bytes), lambda heading: normalize_heading(heading) in wanted)
    found = {}
    for index, heading in enumerate(table.headings):
        found.setdefault(wanted.get(normalize_heading(heading)), index)
    missing = [h for h in required if h not in found]
    if missing:
        raise ImportFileError(
            _("Missing columns: %(columns)s. Download the template to see the columns.")
            % {"columns": "、".join(missing)}
        )
    rows = []
    for number, line in table.rows:
        values = {h: line[i] for h, i in found.items() if h is not None}
        if any(cell_text(v) for v in values.values()):
            rows.append((number, values))
    if not rows:
        raise ImportFileError(_("The sheet has headers but no rows to import."))
    return rows


# -- keeping the upload between preview and confirm ---------------------------------------------


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
        name=os.path.basename(getattr(upload, "name", "") or "")[-255:], created_at=now,
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
        .only("pk", "content", "name")
        .first()
    )
    if pending is None or not PendingImport.objects.filter(pk=pending.pk).delete()[0]:
        return None
    return ContentFile(bytes(pending.content), name=pending.name or f"{token}.xlsx")


# -- the member roster --------------------------------------------------------------------------

# (field, Chinese header): the columns the app's own export and template write, in this order.
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
# 农民工: read under its headings (members.roster_values), written after the others only by an export of
# a roster that has migrant workers (most school rosters have none: their files keep their columns).
MIGRANT_COLUMN = ("migrant_worker", "农民工")
GENDER_WORDS = {"男": Member.Gender.MALE, "女": Member.Gender.FEMALE}
STATUS_WORDS = {
    "在职": Member.Status.ACTIVE,
    "退休": Member.Status.RETIRED,
    "内退": Member.Status.EARLY_RETIRED,
    "离会": Member.Status.LEFT,
}
# The fields an import sets on a member (id_number only gives and checks the birth date and gender).
IMPORTED_FIELDS = [key for key, _header in COLUMNS] + ["migrant_worker", "birth_month_only", "birth_calendar"]
# Up to this many employee numbers, the members are looked up by number (an IN list every database
# accepts); a longer file reads the union's whole roster instead. One query either way.
IN_LIST_LIMIT = 900


@dataclass
class Column:
    """One column of the file and what the import makes of it."""

    index: int
    heading: str  # as the file writes it
    field: str | None  # the member field it fills; None: not imported
    how: str = ""  # "known" (a heading people write), "remembered" (the union's earlier choice), "chosen"

    @property
    def label(self):
        return FIELD_LABELS[self.field] if self.field else ""


def assign_columns(headings, remembered=None, chosen=None):
    """[Column] for the file's headings: the union's remembered choices (Union.roster_columns), then
    the headings people write; the committee's choice on this preview (`chosen`: {index: field or ""})
    where it differs from those."""
    remembered, chosen = remembered or {}, chosen or {}
    columns = []
    for index, heading in enumerate(headings):
        key = normalize_heading(heading)
        if key in remembered:
            field_name, how = remembered[key] or None, "remembered"
        else:
            field_name, how = values_of.field_for_heading(heading), "known"
        if index in chosen and (chosen[index] or None) != field_name:
            field_name, how = chosen[index] or None, "chosen"
        if field_name not in FIELD_LABELS:
            field_name = None
        if field_name is None and how != "chosen":
            how = ""
        columns.append(Column(index, heading, field_name, how))
    return columns


def _remembered(union):
    """The union's remembered columns, {normalised heading: field or ""}: only entries of that shape."""
    columns = union.roster_columns if isinstance(union.roster_columns, dict) else {}
    return {k: v for k, v in columns.items() if isinstance(k, str) and (v == "" or v in FIELD_LABELS)}


def _is_known(remembered):
    return lambda heading: bool(remembered.get(normalize_heading(heading))) or values_of.field_for_heading(heading)


def _wanted_columns(columns):
    """({field: Column}, problems with the columns themselves): a field at most once, and the fields
    every member needs."""
    by_field, problems = {}, []
    for column in columns:
        if not column.field:
            continue
        if column.field in by_field:
            problems.append(
                _("“%(first)s” and “%(second)s” are both imported as %(field)s: choose one of them.")
                % {"first": by_field[column.field].heading or "—", "second": column.heading or "—",
                   "field": column.label}
            )
        else:
            by_field[column.field] = column
    for required in values_of.REQUIRED:
        if required == "gender" and "id_number" in by_field:
            continue  # the 身份证号 gives it
        if required not in by_field:
            problems.append(
                _(
                    "No column is imported as %(field)s: choose the column that holds it under “Choose what "
                    "each column holds”."
                )
                % {"field": FIELD_LABELS[required]}
            )
    return by_field, problems


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
    table: object = None  # members.sheets.Table: the file, the sheet, the header row, the skipped rows
    columns: list = field(default_factory=list)  # [Column]
    column_problems: list = field(default_factory=list)  # [str]: the rows are checked once these are solved
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    new_departments: list = field(default_factory=list)
    new_groups: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems and not self.column_problems

    @property
    def chosen(self):
        """{column index: field or ""}: what the committee chose on this preview, to carry to the confirmation."""
        return {c.index: c.field or "" for c in self.columns if c.how == "chosen"}

    @property
    def not_imported(self):
        return [c for c in self.columns if not c.field and c.heading]

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


def check_roster(union, upload, *, create_missing=False, today=None, actor=None, sheet=None, chosen=None):
    """Read and check every row; a Preview with every problem and what would change. Saves nothing.

    `sheet` (an index) and `chosen` ({column index: field or ""}) are the committee's choices on the
    preview. With `actor`, a row may not move the reset address of, or switch off, a login they may not
    manage."""
    today = today or timezone.localdate()
    remembered = _remembered(union)
    table = find_table(open_book(upload), _is_known(remembered), sheet=sheet)
    preview = Preview(table=table, columns=assign_columns(table.headings, remembered, chosen))
    by_field, preview.column_problems = _wanted_columns(preview.columns)
    if preview.column_problems:
        return preview  # every row would be wrong the same way: the columns come first
    raw_rows = []
    for number, line in table.rows:
        row = {key: line[column.index] for key, column in by_field.items()}
        if any(cell_text(v) for v in row.values()):
            raw_rows.append((number, row))
    if not raw_rows:
        raise ImportFileError(_("The sheet has headers but no rows to import."))
    headings = {key: column.heading for key, column in by_field.items()}
    departments = {d.name: d for d in Department.objects.for_union(union)}
    groups = {g.name: g for g in UnionGroup.objects.for_union(union)}
    numbers = {cell_text(row.get("employee_number")) for _n, row in raw_rows} - {""}
    members = Member.objects.for_union(union).select_related("department", "group", "user")
    if len(numbers) <= IN_LIST_LIMIT:
        members = members.filter(employee_number__in=numbers)
    existing = {m.employee_number: m for m in members if m.employee_number in numbers}
    seen = {}
    for number, row_values in raw_rows:
        clean, problems = _check_row(number, row_values, headings, today)
        preview.problems.extend(problems)
        employee_number = clean.get("employee_number")
        if employee_number:
            if employee_number in seen:
                preview.problems.append(
                    Problem(number, headings["employee_number"], employee_number,
                            _("this employee number is also on row %(other)s: each member once")
                            % {"other": seen[employee_number]})
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
                        _("not a department of this union: tick “create missing” to add it, or correct the name")
                        if key == "department"
                        else _("not a union group of this union: tick “create missing” to add it, or correct the name")
                    )
                    preview.problems.append(Problem(number, headings[key], name, message))
        member = existing.get(employee_number)
        row = RowResult(number, clean, member)
        if member is not None and not problems:
            row.changes = _changes(member, clean)
        preview.rows.append(row)
    if actor is not None:
        preview.problems.extend(_login_problems(preview.rows, headings, actor, union))
    place = {column.heading: column.index for column in preview.columns}
    preview.problems.sort(key=lambda p: (p.row, place.get(p.column, 0)))  # as the file reads
    return preview


def _login_problems(rows, headings, actor, union):
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
        problems += [
            Problem(row.number, headings[k], _shown(k, row.values[k]), why) for k, why in refusals if why
        ]
    return problems


def _check_row(number, values, headings, today):
    """(clean values, [Problem]) of one row: only the fields the file has a column for, so a file of
    names and numbers leaves phones and dates alone."""
    clean, problems = {}, []
    text = {key: cell_text(value) for key, value in values.items()}

    def bad(key, message):
        problems.append(Problem(number, headings[key], text[key], message))

    for key, limit in (("name", 50), ("employee_number", 30)):
        clean[key] = text[key]
        if not text[key]:
            bad(key, _("is required"))
        elif len(text[key]) > limit:
            bad(key, _("write at most %(count)s characters") % {"count": limit})
    for key in ("department", "group"):
        if key in values:
            clean[key] = text[key]
    readers = {
        "gender": values_of.read_gender,
        "status": values_of.read_status,
        "lunar_birthday": values_of.read_yes_no,
        "migrant_worker": values_of.read_yes_no,
        "phone": values_of.read_phone,
    }
    gives_gender = bool(text.get("id_number"))  # an empty 性别 cell is filled from the 身份证号
    # 农历生日 may give the lunar birthday itself ("闰四月十五", "农历 八月三十"): a 是, checked against the birth date.
    said = lunar.parse_lunar_date(text["lunar_birthday"]) if text.get("lunar_birthday") else None
    if said is not None:
        clean["lunar_birthday"] = True
    for key, read in readers.items():
        if key == "lunar_birthday" and said is not None:
            continue
        if key in values and not (key == "gender" and not text[key] and gives_gender):
            try:
                clean[key] = read(values[key])
            except ValueError as error:
                bad(key, str(error))
    if "email" in values:
        clean["email"] = text["email"]
        if text["email"]:
            try:
                if len(text["email"]) > 254:
                    raise ValidationError("too long")
                validate_email(text["email"])
            except ValidationError:
                bad("email", _("write an e-mail address such as name@example.com, or leave it empty"))
    if "birth_date" in values:
        clean["birth_calendar"] = BirthCalendar.SOLAR
    for key in ("birth_date", "joined_on"):
        if key == "birth_date" and text.get(key) and lunar.is_lunar_text(text[key]):
            _read_lunar_birth(text[key], clean, bad, today)
            continue
        if key in values and text[key]:
            try:
                day = values_of.read_date(values[key])
            except ValueError as error:
                bad(key, str(error))
                continue
            # The member form's rules (members/dates.py); the birth date comes first, so a join date is
            # checked against a birth date that passed them.
            if key == "birth_date":
                problem = dates.birth_date_problem(day.day, today)
            else:
                problem = dates.joined_on_problem(day.day, clean.get("birth_date"), today)
            if problem:
                bad(key, problem)
            else:
                clean[key] = day.day
                if key == "birth_date":
                    clean["birth_month_only"] = day.month_only
        elif key in values:
            clean[key] = None
            if key == "birth_date":
                clean["birth_month_only"] = False
    if said is not None and clean.get("birth_date") and not clean.get("birth_month_only"):
        _check_lunar_birthday(said, clean["birth_date"], bad)
    if clean.get("birth_calendar") == BirthCalendar.LUNAR:
        clean["lunar_birthday"] = True  # a birth date given as 农历 is a lunar birthday, whatever 农历生日 says
    if clean.get("birth_month_only") and clean.get("lunar_birthday"):
        bad("lunar_birthday", _("a lunar birthday needs the day of birth: give the full birth date, or write 否"))
    if text.get("id_number"):
        problems += _check_id_number(number, values["id_number"], clean, values, headings, today)
    elif "gender" not in values:
        problems.append(Problem(number, headings["id_number"], "", _("is required when the file has no gender column")))
    return clean, problems


def _read_lunar_birth(cell, clean, bad, today):
    """A birth date given as 农历 ("农历1990年八月三十", "农历1990年闰四月十五"): its solar date, worked out
    once, and how it was given; refused as the member form refuses it (members.dates)."""
    found = lunar.parse_lunar_date(cell)
    if found is None or found[0] is None:
        bad("birth_date", _(
            "write a lunar date of birth with its year, such as 农历1990年八月三十 or 农历1990年闰四月十五"
        ))
        return
    year, month, day = found
    problem = dates.lunar_birth_problem(year, month, day)
    born = None if problem else lunar.solar_of_lunar(year, month, day)
    problem = problem or dates.birth_date_problem(born, today)
    if problem:
        bad("birth_date", problem)
        return
    clean["birth_date"], clean["birth_month_only"], clean["birth_calendar"] = born, False, BirthCalendar.LUNAR


def _check_lunar_birthday(said, born, bad):
    """The lunar birthday a 农历生日 cell names is the birth date's own (and its year, if it names one)."""
    year, month, day = said
    if lunar.lunar_of(born) != (month, day) or year not in (None, lunar.lunar_year_of(born)):
        bad("lunar_birthday", _(
            "the birth date %(day)s is 农历%(lunar)s: correct the birth date or this cell, or write 是"
        ) % {"day": born.isoformat(), "lunar": lunar.lunar_date_text(*lunar.lunar_of(born), lunar.lunar_year_of(born))})


def _check_id_number(number, value, clean, values, headings, today):
    """A 身份证号 gives the birth date and gender where the file has no column (or an empty cell) for
    them, and is checked against them where it has."""
    heading = headings["id_number"]
    try:
        person = values_of.read_id_number(value)
    except ValueError as error:
        return [Problem(number, heading, cell_text(value), str(error))]
    problems = []
    born = clean.get("birth_date")
    if not cell_text(values.get("birth_date")):
        problem = dates.birth_date_problem(person.birth_date, today)
        if problem:
            return [Problem(number, heading, cell_text(value), problem)]
        clean["birth_date"], clean["birth_month_only"] = person.birth_date, False
    elif born:
        month_only = clean.get("birth_month_only")
        same = born.replace(day=1) == person.birth_date.replace(day=1) if month_only else born == person.birth_date
        if not same:
            problems.append(Problem(
                number, heading, cell_text(value),
                _("gives the birth date %(id_date)s, but %(column)s says %(date)s: correct one of them")
                % {"id_date": person.birth_date.isoformat(), "column": headings["birth_date"],
                   "date": birth_shown(born, month_only)},
            ))
    if not cell_text(values.get("gender")):
        clean["gender"] = person.gender
    elif clean.get("gender") and clean["gender"] != person.gender:
        problems.append(Problem(
            number, heading, cell_text(value),
            _("gives the gender %(id_gender)s, but %(column)s says %(gender)s: correct one of them")
            % {"id_gender": Member.Gender(person.gender).label, "column": headings["gender"],
               "gender": Member.Gender(clean["gender"]).label},
        ))
    return problems


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
            birth_shown(m.birth_date, m.birth_month_only, m.birth_calendar)
            if m.birth_month_only or m.entered_lunar else m.birth_date,
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
    members = list(members)
    migrant = not template and any(m.migrant_worker for m in members)
    sheet.append([header for _f, header in COLUMNS] + ([MIGRANT_COLUMN[1]] if migrant else []))
    for member, row in zip(members, roster_rows(members), strict=True):
        sheet.append(row + (["是" if member.migrant_worker else "否"] if migrant else []))
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
    sheet.print_title_rows = "1:1"
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



def _current(member, key):
    if key == "department":
        return member.department.name if member.department else ""
    if key == "group":
        return member.group.name if member.group else ""
    return getattr(member, key)


def _changes(member, clean):
    """{field: (old, new)} of what the row changes; a birth date and whether it names a day are one change."""
    changes = {
        key: (_current(member, key), clean[key])
        for key in IMPORTED_FIELDS
        if key in clean and key not in BIRTH_FIELDS and _current(member, key) != clean[key]
    }
    if "birth_date" in clean:
        old = birth_shown(member.birth_date, member.birth_month_only, member.birth_calendar)
        new = birth_shown(clean["birth_date"], clean.get("birth_month_only", False), clean.get("birth_calendar"))
        if old != new:
            changes["birth_date"] = (old, new)
    return changes


# A birth date, whether it names a day and how it was given (公历 or 农历) are one change.
BIRTH_FIELDS = ("birth_date", "birth_month_only", "birth_calendar")


def birth_shown(day, month_only, calendar=None):
    """A birth date as the import and export write it: 1986年3月 when only the month is known,
    农历1990年八月三十 when it was given as 农历."""
    if day is None:
        return ""
    if calendar == BirthCalendar.LUNAR and not month_only:
        return "农历" + lunar.lunar_date_text(*lunar.lunar_of(day), lunar.lunar_year_of(day))
    return dates.year_month_text(day) if month_only else day.isoformat()


# -- what the preview shows ----------------------------------------------------------------------

# The fields as the committee names them: a change reads "手机号：13900000000 → 13700000000".
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
    details: list = field(default_factory=list)  # what the file gives of a member added, as shown


# What the preview shows of a member added, besides name, number and department, in this order.
DETAIL_FIELDS = ["gender", "group", "birth_date", "phone", "joined_on", "status", "email"]


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
        if row.member is None:
            entry.details = _details(row.values, private)
        for key, (old, new) in row.changes.items():
            if private or key not in SENSITIVE_FIELDS:
                entry.changes.append(Change(str(FIELD_LABELS[key]), _shown(key, old), _shown(key, new)))
            else:
                entry.changes.append(Change(str(FIELD_LABELS[key]), hidden=True))
        (added if row.member is None else changed).append(entry)
    return Listing(added, changed)


def _details(values, private):
    """["女", "1986年3月", "13912345601", …]: each field the file gives a new member, as it will be kept."""
    shown = []
    for key in DETAIL_FIELDS:
        if key not in values or (key in SENSITIVE_FIELDS and not private):
            continue
        if key == "birth_date" and values[key]:
            shown.append(birth_shown(values[key], values.get("birth_month_only", False), values.get("birth_calendar")))
        elif key == "status" and values[key] == Member.Status.ACTIVE:
            continue  # most are: only the exceptions are worth a look
        elif text := _shown(key, values[key]):
            shown.append(text)
    return shown


def _shown(key, value):
    if key in ("lunar_birthday", "migrant_worker"):
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
    remember_columns(union, preview)
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
        note_status_dates(member, was, today)
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


def remember_columns(union, preview):
    """The columns the committee mapped by hand are read the same way in the union's next import."""
    if preview.chosen:
        chosen = {
            normalize_heading(c.heading): c.field or "" for c in preview.columns if c.how == "chosen" and c.heading
        }
        union.roster_columns = {**_remembered(union), **chosen}
        union.save(update_fields=["roster_columns"])
