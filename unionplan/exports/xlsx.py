"""The year-end summary as an Excel workbook (openpyxl): the chair's text first, then one sheet per
area (plan, activities, members, care, funds) with its tables one under another.

Each sheet's first table has its header on row 2, frozen, so it stays in view while scrolling; the
numbers are numbers (money with two decimals, percentages as percentages), not text. Printed
(members.spreadsheets.printable), the chair's text is a portrait page, and the header of each sheet's
last table repeats at the top of the pages it runs onto.
"""

from decimal import Decimal

from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from members.spreadsheets import xlsx_bytes
from unionplan.exports.document import Paragraphs, Percent, Table

MONEY_FORMAT = "#,##0.00"
TITLE = Font(bold=True, size=14)
BOLD = Font(bold=True)
STALE = Font(color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH, MAX_WIDTH = 8, 60


def _display_width(value):
    """Roughly how many character cells a value takes: CJK characters count twice."""
    text = value if isinstance(value, str) else f"{value:,.2f}" if isinstance(value, Decimal) else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _write(sheet, row, column, value):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Percent):
        cell.value = value.fraction
        cell.number_format = "0%" if value.digits == 0 else "0." + "0" * value.digits + "%"
    elif isinstance(value, Decimal):
        cell.value = value
        cell.number_format = MONEY_FORMAT
    else:
        cell.value = value
    cell.border = GRID
    if isinstance(value, str):
        cell.alignment = WRAP
    return cell


def _table(sheet, row, table, widths):
    """Write `table` with its header on `row`; returns the row after it."""
    for col, title in enumerate(table.headers, start=1):
        cell = sheet.cell(row=row, column=col, value=str(title))
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, GRID
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        widths[col] = max(widths.get(col, 0), _display_width(str(title)))
    row += 1
    for values in [*table.rows, *([table.total] if table.total else [])]:
        is_total = table.total is not None and values is table.total
        for col, value in enumerate(values, start=1):
            cell = _write(sheet, row, col, value)
            if is_total:
                cell.font, cell.fill = BOLD, TOTAL_FILL
            if value is not None:
                widths[col] = max(widths.get(col, 0), _display_width(value))
        row += 1
    return row


def _caption(sheet, row, text, font=BOLD):
    sheet.cell(row=row, column=1, value=text).font = font


def _area_sheet(workbook, report, area, extra=()):
    sheet = workbook.create_sheet(area.sheet[:31])
    widths = {}
    tables = [b for b in area.blocks if isinstance(b, Table)] + list(extra)
    row = 1
    if not tables:
        _caption(sheet, 1, f"{report.title} · {area.title}", TITLE)
        for block in area.blocks:
            if isinstance(block, Paragraphs):
                for text in block.texts:
                    row += 1
                    sheet.cell(row=row, column=1, value=text)
        sheet.column_dimensions["A"].width = MAX_WIDTH
        return sheet
    for i, table in enumerate(tables):
        if i == 0:
            _caption(sheet, row, f"{area.title} · {table.caption}", TITLE)
            row += 1
            sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
        else:
            row += 1
            _caption(sheet, row, table.caption)
            row += 1
        # the last table's header repeats on the pages after it: its rows most often run on (the work
        # items, the departments), and no page before it shows a header that is not its own
        sheet.print_title_rows = f"{row}:{row}"
        row = _table(sheet, row, table, widths)
    for col, width in widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
    sheet.sheet_view.zoomScale = 100
    return sheet


def _text_sheet(workbook, report):
    sheet = workbook.active
    sheet.title = pgettext("summary", "Summary")[:31]
    _caption(sheet, 1, report.title, TITLE)
    sheet.cell(row=2, column=1, value=report.dated)
    row = 3
    if report.stale:
        sheet.cell(row=3, column=1, value=report.stale).alignment = WRAP
        sheet.cell(row=3, column=1).font = STALE
        row = 4
    for section in report.sections:
        row += 1
        _caption(sheet, row, f"{section.number}{section.title}")
        for block in section.blocks:
            if isinstance(block, Paragraphs):
                for text in block.texts:
                    row += 1
                    sheet.cell(row=row, column=1, value=text).alignment = WRAP
    sheet.column_dimensions["A"].width = 95  # a portrait A4 page's width
    return sheet


def render(report):
    """The report (document.Report) as .xlsx bytes."""
    workbook = Workbook()
    workbook.properties.title = report.title
    workbook.properties.creator = report.union
    _text_sheet(workbook, report)
    for i, area in enumerate(report.areas):
        # the annex of the Word and PDF files (the plan's items one by one) is the plan sheet's last table
        annex = [report.annex] if i == 0 and report.annex is not None else []
        _area_sheet(workbook, report, area, annex)
    return xlsx_bytes(workbook)
