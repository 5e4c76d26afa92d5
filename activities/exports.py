"""Excel files: the year schedule (具体安排) and an activity's sign-in sheet (签到表)."""

from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from members.spreadsheets import xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")


def xlsx_response(workbook, filename):
    response = HttpResponse(xlsx_bytes(workbook), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def when_text(activity):
    """ "3月8日" / "3月8日–3月10日" / "3月份（日期待定）", for the schedule and the sign-in sheet."""
    if not activity.is_dated:
        return f"{activity.month}月份（日期待定）"
    text = f"{activity.start_date.month}月{activity.start_date.day}日"
    if activity.is_multi_day:
        text += f"–{activity.end_date.month}月{activity.end_date.day}日"
    return text


def time_text(activity):
    if activity.all_day:
        return "全天" if activity.is_dated else ""
    text = activity.start_time.strftime("%H:%M")
    if activity.end_time:
        text += "–" + activity.end_time.strftime("%H:%M")
    return text


def _sheet_header(sheet, title, headers, widths, subtitle=None):
    """Title row, optional subtitle row, then the header row (frozen); returns the first data row."""
    lines = [title] if subtitle is None else [title, subtitle]
    for row, text in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=text)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    header_row = len(lines) + 1
    for column, (header, width) in enumerate(zip(headers, widths, strict=False), start=1):
        cell = sheet.cell(row=header_row, column=column, value=header)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"1:{header_row}"
    return header_row + 1


def _box_rows(sheet, first_row):
    for row in sheet.iter_rows(min_row=first_row):
        for cell in row:
            cell.border = BOX
            cell.alignment = Alignment(vertical="center", wrap_text=True)


def year_workbook(union, year, schedule):
    """The year schedule month by month with numbered items, as the reference plans write it."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年活动安排"
    _sheet_header(
        sheet,
        f"{union.name}{year}年活动具体安排",
        ["月份", "序号", "活动", "日期", "时间", "地点", "类别", "对象", "负责人", "状态"],
        [10, 6, 40, 22, 13, 20, 12, 14, 10, 9],
    )
    for month in schedule:
        for number, entry in enumerate(month.entries, start=1):
            activity = entry.activity
            when = when_text(activity)
            if entry.is_series:
                when = f"{activity.month}月{entry.days_text}（{entry.series_text}）"
            sheet.append(
                [
                    month.name if number == 1 else "",
                    f"{number}、",
                    activity.title,
                    when,
                    time_text(activity),
                    activity.location,
                    activity.category.name,
                    activity.audience_label,
                    activity.organiser.name if activity.organiser else "",
                    activity.get_status_display(),
                ]
            )
    _box_rows(sheet, 3)
    return book


def signin_workbook(activity, signups):
    """A printable sign-in sheet: the members who signed up (in the order of names, namesakes told
    apart: SignupQuerySet.by_name) and an empty column to sign in."""
    book = Workbook()
    sheet = book.active
    sheet.title = "签到表"
    first_row = _sheet_header(
        sheet,
        f"{activity.title} 签到表",
        ["序号", "姓名", "部门", "报名时间", "签到", "备注"],
        [6, 12, 16, 18, 16, 20],
        subtitle=f"时间：{when_text(activity)} {time_text(activity)}    地点：{activity.location or ''}",
    )
    for number, signup in enumerate(signups, start=1):
        member = signup.member
        sheet.append(
            [
                number,
                member.label,
                member.department.name if member.department else "",
                timezone.localtime(signup.created_at).strftime("%Y-%m-%d %H:%M"),
                "✓" if signup.attended else "",
                signup.note,
            ]
        )
    _box_rows(sheet, first_row)
    for row in sheet.iter_rows(min_row=first_row):
        sheet.row_dimensions[row[0].row].height = 24
    return book
