"""Excel files the app writes (openpyxl): what people typed stays text, and every sheet prints.

openpyxl stores a string that begins with "=" as a formula and one such as "#N/A" as an error value,
so a member named =HYPERLINK("http://…","点此") would become a live link in the committee's Excel.
Every writer saves its workbook through `xlsx_bytes`, which stores each string cell as text, whatever
it begins with (=, +, -, @, a tab, a carriage return); numbers and dates keep their own types and
formats. No file of ours holds a formula (tests/unionplan/test_formula_injection.py downloads each).

`xlsx_bytes` also sets up every sheet for printing (`printable`): A4, landscape where the columns are
wider than a portrait page, fit to the page's width, centred, page numbers in the footer, and text
that is wider than its column wrapped (top-aligned, in a row tall enough for its lines) instead of
running into the next cell. A writer
declares only what it alone knows: which rows are a table's header, with openpyxl's own
`sheet.print_title_rows = "3:3"`, so that they repeat at the top of every printed page.
(tests/unionplan/test_xlsx_printing.py downloads each file and checks every sheet.)
"""

import io
import math
from copy import copy

from django.utils.translation import gettext as _
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

MARGIN = 0.6  # inches, left and right; top and bottom leave room for the header and the footer
PORTRAIT_WIDTH = (210 / 25.4 - 2 * MARGIN) * 96  # an A4 portrait page's printable width in pixels
DEFAULT_WIDTH = 8.43  # Excel's width of a column nobody sized, in characters
LINE_HEIGHT = 15  # points: a line of 11-point text
LEFT = (None, "general", "left")  # alignments whose text runs on over empty cells to the right


def as_text(workbook):
    """Mark every string cell of every sheet as text (data type "s"); returns the workbook."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    return workbook


def xlsx_bytes(workbook):
    """The workbook as .xlsx bytes, its text stored as text, every sheet ready to print."""
    as_text(workbook)
    for sheet in workbook.worksheets:
        printable(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def text_width(text):
    """How many character widths (Calibri 11's digit, Excel's unit) `text`'s longest line takes: a
    Chinese or full-width character 2.1 (DengXian or SimSun at 11 points, 14.7 px against 7)."""
    return max(sum(2.1 if ord(ch) > 0x2E80 else 1 for ch in line) for line in str(text).split("\n"))


def column_width(sheet, column):
    """A column's width in characters (Excel's unit), DEFAULT_WIDTH where the writer set none."""
    dimension = sheet.column_dimensions.get(get_column_letter(column))  # get: [] would create one
    return dimension.width if dimension is not None and dimension.customWidth else DEFAULT_WIDTH


def pixels(width):
    """Excel's pixels (at 96 dpi) for a column `width` characters wide (Calibri 11: 7 px a digit)."""
    return width * 7 + 5


def printable(sheet):
    """Set `sheet` up to print on A4 as a reader expects (see the module's docstring)."""
    widths = [column_width(sheet, column) for column in range(1, sheet.max_column + 1)]
    wide = sum(pixels(width) for width in widths) > PORTRAIT_WIDTH
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = sheet.ORIENTATION_LANDSCAPE if wide else sheet.ORIENTATION_PORTRAIT
    setup.fitToWidth, setup.fitToHeight = 1, 0  # as many pages down as it takes, never two across
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = MARGIN
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    sheet.oddHeader.right.text = "&A"  # the sheet's name
    sheet.oddHeader.right.size = 9
    sheet.oddFooter.center.text = _("Page &P of &N")
    sheet.oddFooter.center.size = 9
    wrap_long_text(sheet, widths)


def wrap_long_text(sheet, widths):
    """Wrap every text cell wider than the room it has, so that it never runs over the next cell or off
    the page. Its room is its column (or its merged range), and, left-aligned, the empty cells to its
    right up to the sheet's last column (Excel lets text run on over them). A line of text alone in its
    row (a title, a caption) that is wider still is merged across the sheet's width and wrapped there,
    not in its own narrow column. A row with wrapped text is made as tall as its lines: LibreOffice does
    not size such rows itself, and a height the writer fixed lower would clip them."""
    merged = {
        (r.min_row, r.min_col): sum(widths[c - 1] for c in range(r.min_col, r.max_col + 1))
        for r in sheet.merged_cells.ranges
    }
    for row in sheet.iter_rows():
        tallest = 0
        for cell in row:
            if not isinstance(cell.value, str) or isinstance(cell, MergedCell):
                continue
            own = merged.get((cell.row, cell.column)) or widths[cell.column - 1]
            scale = (cell.font.sz or 11) / 11 if cell.has_style else 1
            if "\n" not in cell.value and len(cell.value) * (1 if cell.value.isascii() else 2.1) * scale <= own:
                continue  # one line, however wide its characters (quick: no style looked at, for big files)
            if not cell.alignment.wrap_text:
                if "\n" not in cell.value:
                    left = (cell.row, cell.column) not in merged and cell.alignment.horizontal in LEFT
                    empty = spill(row, cell.column) if left else 0
                    if text_width(cell.value) * scale <= own + sum(widths[cell.column : cell.column + empty]):
                        continue
                    if (
                        empty
                        and cell.column + empty == len(row)
                        and all(c.value in (None, "") for c in row[: cell.column - 1])
                    ):
                        sheet.merge_cells(
                            start_row=cell.row, start_column=cell.column, end_row=cell.row, end_column=len(row)
                        )
                        own += sum(widths[cell.column :])
                aligned(cell, wrap_text=True, vertical=cell.alignment.vertical or "top")
            tallest = max(tallest, line_count(cell.value, own / scale) * scale * LINE_HEIGHT)
        if tallest > LINE_HEIGHT:  # the row's other cells at the top too, beside the wrapped text's first line
            for cell in row:
                if cell.alignment.vertical is None and not isinstance(cell, MergedCell):
                    aligned(cell, vertical="top")
        height = sheet.row_dimensions[row[0].row].height if row[0].row in sheet.row_dimensions else None
        if tallest > (height or LINE_HEIGHT):
            sheet.row_dimensions[row[0].row].height = tallest


def line_count(text, width):
    """How many lines `text` takes wrapped in a column `width` characters wide."""
    return sum(max(1, math.ceil(text_width(line) / width)) for line in text.split("\n"))


def spill(row, column):
    """How many empty cells follow `column` in `row`, up to the first that holds something."""
    count = 0
    for cell in row[column:]:
        if cell.value not in (None, "") or isinstance(cell, MergedCell):
            break
        count += 1
    return count


def aligned(cell, **changes):
    """Change some of `cell`'s alignment, keeping the rest (its horizontal alignment, its indent)."""
    alignment = copy(cell.alignment)
    for name, value in changes.items():
        setattr(alignment, name, value)
    cell.alignment = alignment
