"""Excel files the app writes (openpyxl): what people typed stays text.

openpyxl stores a string that begins with "=" as a formula and one such as "#N/A" as an error value,
so a member named =HYPERLINK("http://…","点此") would become a live link in the committee's Excel.
Every writer saves its workbook through `xlsx_bytes`, which stores each string cell as text, whatever
it begins with (=, +, -, @, a tab, a carriage return); numbers and dates keep their own types and
formats. No file of ours holds a formula (tests/unionplan/test_formula_injection.py downloads each).
"""

import io


def as_text(workbook):
    """Mark every string cell of every sheet as text (data type "s"); returns the workbook."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    return workbook


def xlsx_bytes(workbook):
    """The workbook as .xlsx bytes, its text stored as text."""
    as_text(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

