"""Excel exports: the budget execution (with a native Excel bar chart) and the arrears list."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from funds.models import fen
from funds.periods import month_name
from members.spreadsheets import xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = '0.0"%"'
BOLD = Font(bold=True)
OVER = PatternFill("solid", fgColor="F8D7DA")
HEADER_FILL = PatternFill("solid", fgColor="DDE7F5")


def xlsx_response(workbook, filename):
    response = HttpResponse(xlsx_bytes(workbook), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename):
    from urllib.parse import quote

    return quote(filename)


def _header(sheet, row, titles, widths=None):
    for col, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=col, value=title)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for col, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width


def execution_workbook(union, execution):
    """预算执行情况: one row per category, totals, income against expense, and a bar chart."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Budget execution")
    sheet["A1"] = _("%(union)s budget execution %(year)d") % {"union": union.name, "year": execution.year}
    sheet["A1"].font = Font(bold=True, size=14)
    titles = [
        _("Category"),
        _("Budget"),
        _("First half: spent"),
        _("First half: remaining"),
        _("First half: % used"),
        _("Year: spent"),
        _("Year: remaining"),
        _("Year: % used"),
    ]
    _header(sheet, 3, titles, [16, 14, 14, 14, 12, 14, 14, 12])
    rows = [*execution.categories, execution.total]
    for i, c in enumerate(rows, start=4):
        is_total = c is rows[-1]
        values = [
            _("Total") if is_total else c.name,
            c.budget,
            c.first_half_spent,
            c.first_half_remaining,
            c.first_half_percent,
            c.year_spent,
            c.year_remaining,
            c.year_percent,
        ]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=i, column=col, value=value)
            if col in (2, 3, 4, 6, 7):
                cell.number_format = MONEY_FORMAT
            elif col in (5, 8):
                cell.number_format = PERCENT_FORMAT
            if is_total:
                cell.font = BOLD
            elif c.over_budget:
                cell.fill = OVER
    last = 3 + len(execution.categories)
    sheet.freeze_panes = "B4"
    sheet.print_title_rows = "3:3"

    if execution.categories:
        chart = BarChart()
        chart.type = "bar"
        chart.style = 10
        chart.title = _("Budget and spending by category")
        chart.y_axis.title = _("Yuan")
        chart.y_axis.numFmt = "#,##0"
        chart.add_data(Reference(sheet, min_col=2, min_row=3, max_row=last), titles_from_data=True)
        chart.add_data(Reference(sheet, min_col=6, min_row=3, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=4, max_row=last))
        # printed, the chart has a landscape page of its own, under the repeated header: no taller than it
        chart.height, chart.width = min(8 + len(execution.categories) * 0.6, 15), 18
        sheet.add_chart(chart, f"A{last + 4}")
        sheet.row_breaks.append(Break(id=last + 3))

    balance = workbook.create_sheet(_("Income and expense"))
    _header(balance, 1, [_("Item"), _("First half"), _("Year")], [22, 16, 16])
    balance.print_title_rows = "1:1"
    lines = [(line.label, line.first_half, line.year) for line in execution.income]
    lines += [
        (_("Total income"), execution.income_first_half, execution.income_year),
        (_("Total expense"), execution.expense_first_half, execution.expense_year),
        (_("Balance"), execution.balance_first_half, execution.balance_year),
    ]
    for i, (label, h1, year) in enumerate(lines, start=2):
        balance.cell(row=i, column=1, value=label)
        for col, value in ((2, h1), (3, year)):
            balance.cell(row=i, column=col, value=value).number_format = MONEY_FORMAT
        if i >= len(lines) - 1:
            for col in (1, 2, 3):
                balance.cell(row=i, column=col).font = BOLD
    return workbook


def arrears_workbook(union, year, grid, total, members, owed):
    """欠缴会费: per union group and month, then one row per member with the months owed."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Arrears by group")
    sheet["A1"] = _("%(union)s dues in arrears %(year)d") % {"union": union.name, "year": year}
    sheet["A1"].font = Font(bold=True, size=14)
    months = [month_name(m) for m in range(1, 13)]
    _header(sheet, 3, [_("Union group"), *months, _("Rows"), _("Amount")], [18, *[7] * 12, 8, 12])
    for i, row in enumerate([*grid, total], start=4):
        sheet.cell(row=i, column=1, value=row.group)
        for m, cell in enumerate(row.cells, start=2):
            sheet.cell(row=i, column=m, value=cell.count or None)
        sheet.cell(row=i, column=14, value=row.count)
        sheet.cell(row=i, column=15, value=row.amount).number_format = MONEY_FORMAT
        if row is total:
            for col in range(1, 16):
                sheet.cell(row=i, column=col).font = BOLD
    sheet.freeze_panes = "B4"
    sheet.print_title_rows = "3:3"

    detail = workbook.create_sheet(_("Members in arrears"))
    _header(
        detail,
        1,
        [_("Union group"), _("Employee number"), _("Name"), _("Months owed"), _("Amount")],
        [18, 12, 12, 30, 12],
    )
    for i, row in enumerate(members, start=2):
        detail.cell(row=i, column=1, value=row["member__group__name"] or "")
        detail.cell(row=i, column=2, value=row["member__employee_number"])
        detail.cell(row=i, column=3, value=row["member__name"])
        detail.cell(row=i, column=4, value="、".join(month_name(m) for m in owed.get(row["member_id"], [])))
        detail.cell(row=i, column=5, value=fen(row["amount"])).number_format = MONEY_FORMAT
    detail.freeze_panes = "A2"
    detail.print_title_rows = "1:1"
    return workbook
