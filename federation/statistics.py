"""基层工会组织和会员情况: the yearly statistics a higher-level union reports, per union and in total,
as the statistics form lays it out — the title, 填报单位 and 填报日期 above a two-row header (会员人数 with
its 其中 columns), A4 landscape, the header repeated on every printed page (members.spreadsheets)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from federation.rollup import total_of
from members.official import written_date
from members.spreadsheets import xlsx_bytes

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Calibri", bold=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WIDTHS = [6, 30, 12, 10, 10, 10, 12, 10, 10, 10]
FIRST_TABLE_ROW = 5


def headers():
    """The two header rows: the upper names a group of columns or, merged down, one column."""
    upper = [_("No."), _("Union"), pgettext("federation figure", "Kind"), _("Employees"),
             pgettext("federation figure", "Members"), "", "", _("Membership rate (%)"), _("New unions"),
             _("New members")]
    lower = ["", "", "", "", _("Total"), _("of which women"), _("of which migrant workers"), "", "", ""]
    return upper, lower


def table_rows(rows):
    """[(No., name, kind, employees, members, women, migrant workers, 入会率, new unions, new members)]."""
    return [
        (n, row.name, row.kind_label, row.employees, row.members, row.women, row.migrant_workers,
         float(row.rate) if row.rate is not None else None, row.new_unions, row.joined)
        for n, row in enumerate(rows, start=1)
    ]


def total_row(rows):
    total = total_of(rows)
    return ("", _("Total"), _("%(count)d unions") % {"count": total.unions}, total.employees, total.members,
            total.women, total.migrant_workers, float(total.rate) if total.rate is not None else None,
            total.new_unions, total.joined)


def statistics_xlsx(union, year, rows, today):
    book = Workbook()
    sheet = book.active
    sheet.title = _("Statistics %(year)d") % {"year": year}
    columns = len(WIDTHS)
    title = _("%(year)d basic union organisations and members") % {"year": year}
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    sheet["A1"].font = Font(name="Calibri", bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([_("Reporting unit: %(union)s") % {"union": union.name}] + [""] * (columns - 4)
                 + [_("Date: %(date)s") % {"date": written_date(today)}])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=4)
    sheet.merge_cells(start_row=2, start_column=columns - 2, end_row=2, end_column=columns)
    sheet.cell(row=2, column=columns - 2).alignment = Alignment(horizontal="right")
    upper, lower = headers()
    sheet.append(upper)
    sheet.append(lower)
    for column in range(1, columns + 1):
        if not lower[column - 1]:
            sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    sheet.merge_cells(start_row=3, start_column=5, end_row=3, end_column=7)
    for row in sheet.iter_rows(min_row=3, max_row=4):
        for cell in row:
            cell.font, cell.border, cell.alignment = BOLD, BOX, CENTRE
    for values in [*table_rows(rows), total_row(rows)]:
        sheet.append(list(values))
        for cell in sheet[sheet.max_row]:
            cell.border = BOX
            if values[0] == "":
                cell.font = BOLD
        sheet.cell(row=sheet.max_row, column=8).number_format = "0.0"
    sheet.append([])
    sheet.append([_("Membership rate: members of the unions that entered their employees ÷ those employees. "
                    "New members: members who joined in the year.")])
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.print_title_rows = "3:4"
    sheet.freeze_panes = f"C{FIRST_TABLE_ROW}"
    return xlsx_bytes(book)
