"""Reading the spreadsheets people upload, as offices keep them: .xlsx, .xls, .xlsb and .ods through
python-calamine, .csv in UTF-8 (with or without BOM) or GBK/GB18030 (detected by charset-normalizer);
within the limits that keep a hostile file from overloading the server; and finding the table in a
sheet under its title rows.

    book = open_book(upload)                       # ImportFileError for a file that cannot be read
    table = find_table(book, recognise)            # the header row, wherever it is in the first rows
    for number, values in table.rows: ...          # the file's own row numbers

Nothing here knows about members: the roster import (members.roster_import) and the wage import
(funds.wage_import) both read through it.
"""

import unicodedata
from datetime import datetime


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, empty, too large, no table)."""


def normalize_heading(text):
    """A heading as compared with the known ones: full-width folded to half-width (NFKC), every space
    removed (people write 姓  名 to line up a column), case folded, and the marks around it dropped
    (*姓名, 姓名：)."""
    text = unicodedata.normalize("NFKC", cell_text(text))
    text = "".join(text.split()).casefold()
    return text.strip("*:：")


def cell_text(value):
    """A cell as text: numbers without a trailing .0 (a phone stored as a number), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()
