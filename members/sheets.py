"""Reading the spreadsheets people upload, as offices keep them: .xlsx (and .xlsm), .xls, .xlsb and .ods
through python-calamine, .csv in UTF-8 (with or without BOM) or GBK/GB18030; within the limits that keep
a hostile file from overloading the server; and finding the table in a sheet under its title rows.

    book = open_book(upload)                       # ImportFileError for a file that cannot be read
    table = find_table(book, recognise)            # the header row, wherever it is in the first rows
    for number, values in table.rows: ...          # the file's own row numbers

Nothing here knows about members: the roster import and the wage import both read through it.

Why the checks before calamine parses anything: calamine builds each sheet as one dense block of cells
from the first to the last cell that holds a value, 32 bytes a cell, and a failed allocation aborts the
whole server process rather than raising. A 1.7 KB .xlsx with cells in A1 and XFD1048576 asks for 512 GB;
a 7 KB .xls whose DIMENSIONS record claims four billion rows aborts too, and so does shared strings'
uniqueCount="4294967295" (103 GB reserved); a 12 KB .ods with one value in a row repeated a million
times becomes 8 million cells (560 MB; calamine stops only at 100 million); an .xls whose chain of
sectors loops is read forever. So each format's sheets are measured from their raw parts first
(`_check_zip`, `_check_ole`): where the last value lies, how many cells that makes, whether the
container's chains loop. Only a file within the limits reaches calamine, and its exceptions (a panic
too) become ImportFileErrors.
"""

import codecs
import csv
import io
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import PurePath

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The most rows a list may hold: a roster of this size is checked and imported well within a request's
# time (README, "Excel imports"), on SQLite and PostgreSQL alike.
MAX_ROWS = 5_000
# What a zip-based workbook (.xlsx, .xlsb, .ods) of at most MAX_ROWS rows may unpack to. Such a roster
# in the template's eleven columns unpacks to 3.5 MB; the limits leave room for three times as many
# columns and a picture or two.
MAX_PARTS = 200  # a workbook saved by Excel holds a dozen parts
MAX_UNPACKED_BYTES = 24 * 1024 * 1024  # all parts together
MAX_SHEET_BYTES = 12 * 1024 * 1024  # one worksheet (an .ods keeps every sheet in content.xml)
MAX_WHOLE_PART_BYTES = 4 * 1024 * 1024  # any other XML part, read whole (shared strings, styles)
MAX_CELLS_IN_A_ROW = 16_384  # Excel's own limit (column XFD)
# Where the last value of a sheet may lie, and the block of cells from A1 to it: what calamine
# allocates (32 bytes a cell) and what a list of MAX_ROWS rows with title rows, blank rows between
# groups and a hundred columns needs.
MAX_SHEET_ROWS = 4 * MAX_ROWS
MAX_SHEET_CELLS = 1_000_000
MAX_BOOK_CELLS = 2_000_000  # .xls and .ods: calamine reads every sheet when it opens the file
# The rows above a table (title, 填报单位, blank rows) that find_table looks through for the header.
SCAN_ROWS = 20

FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".xlsb": "xlsb", ".ods": "ods", ".csv": "csv"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPES = (b"application/vnd.oasis.opendocument.spreadsheet",)  # also its -template


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
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:  # beyond, digits are lost
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


# -- the book --------------------------------------------------------------------------------------


@dataclass
class Book:
    """An uploaded file that can be read: its sheets (a .csv has one, named after the file)."""

    format: str  # "xlsx", "xls", "xlsb", "ods" or "csv"
    encoding: str  # a .csv's, as people know it: "UTF-8", "GBK/GB18030"; "" for a workbook
    sheet_names: list
    _read: object = field(repr=False, default=None)  # index → the sheet's rows, the first being row 1
    _hidden: set = field(repr=False, default_factory=set)
    _rows: dict = field(repr=False, default_factory=dict)

    def rows(self, index, limit=None):
        """[(row number as the spreadsheet program shows it, [values])] of the sheet's rows that hold
        anything: str, int, float, bool, date, datetime (a time or a duration in a cell formatted so),
        None for an empty cell; trailing empty cells left off. More than `limit` such rows (MAX_ROWS plus
        the rows a title may take, unless told) is an ImportFileError."""
        limit = limit or MAX_ROWS + SCAN_ROWS
        if index not in self._rows:
            self._rows[index] = self._read(index)
        rows = self._rows[index]
        if len(rows) > limit:
            raise _too_many_rows()
        return rows

    def visible(self):
        """The indexes of the sheets a person sees in the workbook, in order."""
        return [i for i in range(len(self.sheet_names)) if i not in self._hidden]


def open_book(upload, max_bytes=None):
    """The uploaded file as a Book, or an ImportFileError saying in the user's words what is wrong.
    The format comes from the name and is checked against the content: a workbook saved under another
    workbook's extension is read as what it is; anything else is refused."""
    max_bytes = max_bytes or MAX_UPLOAD_BYTES
    name = getattr(upload, "name", "") or ""
    named = FORMATS.get(PurePath(name).suffix.lower())
    if named is None:
        raise _not_a_spreadsheet(name)
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(max_bytes)
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    if not data:
        raise ImportFileError(_("The file is empty."))
    if data.startswith(ZIP_MAGIC):
        return _zip_book(name, data, named)
    if data.startswith(OLE_MAGIC):
        return _ole_book(name, data, named)
    if _looks_like_markup(data):
        raise ImportFileError(
            _(
                "“%(name)s” is a web page or an XML file with a spreadsheet's name, as some systems export "
                "their lists, not a real workbook. Open it in Excel or WPS, save it as an Excel workbook "
                "(.xlsx) and upload that."
            )
            % {"name": name}
        )
    if named == "csv":
        return _csv_book(name, data)
    raise _not_a_spreadsheet_inside(name)


def _zip_book(name, data, named):
    """An .xlsx, .xlsb or .ods, whatever its name says (calamine tries them in this order)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = {info.filename.replace("\\", "/").lower() for info in archive.infolist()}
        mimetype = b""
        if "mimetype" in archive.namelist():
            with archive.open("mimetype") as part:
                mimetype = part.read(100)
    except _ZIP_ERRORS as error:
        raise _unreadable(named if named != "csv" else "xlsx") from error
    if "xl/workbook.xml" in names:
        actual = "xlsx"
    elif "xl/workbook.bin" in names:
        actual = "xlsb"
    elif "content.xml" in names and mimetype.startswith(ODS_MIMETYPES):
        actual = "ods"
    else:
        raise _not_a_spreadsheet_inside(name)  # a Word document, a zip of photos…
    _check_zip(archive, actual)
    return _calamine_book(data, actual)


def _ole_book(name, data, named):
    streams = _check_ole(data, named)
    if "encryptedpackage" in streams:  # an .xlsx with a password to open is an OLE file around it
        raise _password_protected()
    if not streams.keys() & {"workbook", "book"}:
        raise _not_a_spreadsheet_inside(name)  # a Word 97 document, an Outlook message…
    return _calamine_book(data, "xls")


def _calamine_book(data, kind):
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(workbook.sheet_names)
        hidden = {
            i for i, sheet in enumerate(workbook.sheets_metadata)
            if sheet.visible != SheetVisibleEnum.Visible or sheet.typ != SheetTypeEnum.WorkSheet
        }
    except Exception as error:  # CalamineError and its kinds (PasswordError, XmlError, ZipError…)
        if type(error).__name__ == "PasswordError":
            raise _password_protected() from error
        raise _unreadable(kind) from error
    except BaseException as error:  # a panic inside calamine (pyo3's PanicException is a BaseException)
        if isinstance(error, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        raise _unreadable(kind) from error

    def read(index):
        return _sheet_rows(workbook, index, names[index])

    return Book(format=kind, encoding="", sheet_names=names, _read=read, _hidden=hidden)


def _sheet_rows(workbook, index, name):
    try:
        sheet = workbook.get_sheet_by_index(index)
        # skip_empty_area=False keeps the blank rows and columns above and left of the data, so that
        # the list's index is the row number less one (iter_rows() starts at row 1 but at the first
        # used column; to_python() by default drops the blank rows on top).
        lines = sheet.to_python(skip_empty_area=False)
    except Exception as error:
        raise _unreadable_sheet(name) from error
    except BaseException as error:
        if isinstance(error, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        raise _unreadable_sheet(name) from error
    rows = []
    for number, line in enumerate(lines, start=1):
        values = [_value(v) for v in line]
        while values and values[-1] is None:
            values.pop()
        if values:
            rows.append((number, values))
    return rows


def _value(value):
    if isinstance(value, str):
        return value if value.strip() else None
    return value


# -- what the file is -------------------------------------------------------------------------------


def _looks_like_markup(data):
    """An HTML table or an Excel 2003 XML spreadsheet, which many systems save as .xls."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):  # UTF-16, as Excel saves HTML
        head = head[2:].replace(b"\x00", b"").lstrip()
    return head.startswith((b"<!doctype", b"<html", b"<table", b"<?xml", b"<head", b"<meta", b"mime-version"))


def _not_a_spreadsheet(name):
    return ImportFileError(
        _("Please upload a spreadsheet (.xlsx, .xls, .xlsb, .ods or .csv); “%(name)s” is not one.") % {"name": name}
    )


def _not_a_spreadsheet_inside(name):
    return ImportFileError(
        _(
            "“%(name)s” is not a spreadsheet inside, whatever its name says: it may be another kind of file "
            "renamed. Please upload a spreadsheet (.xlsx, .xls, .xlsb, .ods or .csv)."
        )
        % {"name": name}
    )


def _unreadable(kind):
    return ImportFileError(
        _(
            "The file is not a readable %(format)s workbook: it may be damaged. Open it in Excel or WPS, "
            "save it again and upload that."
        )
        % {"format": "." + kind}
    )


def _unreadable_sheet(name):
    return ImportFileError(
        _(
            "The sheet “%(sheet)s” has a cell that cannot be read: the file is damaged or was not saved by "
            "a spreadsheet program. Open it in Excel or WPS, save it again and upload that."
        )
        % {"sheet": name}
    )


def _password_protected():
    return ImportFileError(
        _(
            "The file is password-protected. Open it in Excel or WPS, remove the password, save it again "
            "and upload that."
        )
    )


def _too_large(max_bytes):
    return ImportFileError(_("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024) or 1})


def _too_many_rows():
    return ImportFileError(
        _(
            "The sheet has more than %(count)s rows. Every row counts that holds anything in any column: "
            "delete the rows below the list, or import the list in parts."
        )
        % {"count": f"{MAX_ROWS:,}"}
    )


# -- measuring a sheet before it is read ------------------------------------------------------------


def _column_letters(number):
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class _Extent:
    """Where the last value of a sheet lies (1-based row and column; 0, 0 for a sheet without values),
    measured from its raw records."""

    def __init__(self):
        self.rows = 0
        self.columns = 0

    def add(self, row, column):
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column)

    @property
    def cells(self):
        return self.rows * self.columns

    def check(self):
        """The block calamine builds for the sheet (and the rows to_python pads above it) must stay
        within the limits; returns its size."""
        if self.columns > MAX_CELLS_IN_A_ROW or self.rows > 1_048_576:
            raise _cells_beyond_excel()
        if self.rows > MAX_SHEET_ROWS:
            raise ImportFileError(
                _(
                    "A sheet of the file holds something as far down as row %(row)s, far below a list of at "
                    "most %(count)s rows: delete the rows below the list (even those that look empty) and "
                    "save the file again."
                )
                % {"row": f"{self.rows:,}", "count": f"{MAX_ROWS:,}"}
            )
        if self.cells > MAX_SHEET_CELLS:
            raise ImportFileError(
                _(
                    "A sheet of the file reaches column %(column)s and row %(row)s, %(cells)s cells in all, "
                    "far more than a list of at most %(count)s rows needs: delete the columns to the right "
                    "of the list and the rows below it (even those that look empty) and save the file again."
                )
                % {
                    "column": _column_letters(self.columns),
                    "row": f"{self.rows:,}",
                    "cells": f"{self.cells:,}",
                    "count": f"{MAX_ROWS:,}",
                }
            )
        return self.cells


def _check_book_cells(total):
    if total > MAX_BOOK_CELLS:
        raise ImportFileError(
            _(
                "The sheets of the file span %(cells)s cells in all, far more than a list of at most "
                "%(count)s rows needs: delete the sheets you do not need, or copy the list into a new "
                "workbook, and upload that."
            )
            % {"cells": f"{total:,}", "count": f"{MAX_ROWS:,}"}
        )


def _cells_beyond_excel():
    return ImportFileError(
        _(
            "A row of the file holds more than %(limit)s cells, more than Excel allows: the file is damaged "
            "or was not saved by a spreadsheet program."
        )
        % {"limit": MAX_CELLS_IN_A_ROW}
    )


def _out_of_proportion(size, limit):
    return ImportFileError(
        _(
            "The file unpacks to %(size)s MB, out of proportion with a sheet of at most %(rows)s rows "
            "(at most %(limit)s MB). It may be damaged or built to overload the server: copy the list "
            "into a new workbook in Excel and upload that."
        )
        % {"size": f"{size / 1024 / 1024:,.1f}", "rows": f"{MAX_ROWS:,}", "limit": limit // 1024 // 1024}
    )


# -- zip-based workbooks: .xlsx, .xlsb, .ods ----------------------------------------------------------


_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, OSError, EOFError,
               NotImplementedError, RuntimeError)  # RuntimeError: a part encrypted with a zip password


def _check_zip(archive, kind):
    """Refuse a zip whose parts unpack out of proportion with a sheet of MAX_ROWS rows, before any of it
    is parsed (the sizes come from the zip's directory; Python's zipfile never unpacks a part beyond the
    size the directory gives it), then measure every sheet the way calamine will read it.

    Every XML part is measured both as an .xlsx sheet and as .ods content, whatever its name: a sheet
    cannot escape by being named otherwise. calamine reads .xlsb sheets only from xl/worksheets/ (it
    takes a sheet's kind from that folder's name), so every binary part there is measured as one."""
    parts = archive.infolist()
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
        name = _part_name(part)
        sheet = name.startswith("xl/worksheets/") or name == "content.xml"
        whole = not sheet and name.endswith((".xml", ".rels", ".bin"))
        limit = MAX_SHEET_BYTES if sheet else MAX_WHOLE_PART_BYTES if whole else MAX_UNPACKED_BYTES
        if part.file_size > limit:
            raise _out_of_proportion(part.file_size, limit)
    try:
        for part in parts:
            name = _part_name(part)
            if _is_xml(archive, part):
                _check_xml_sheet(archive, part)
                _check_book_cells(sum(extent.check() for extent in _ods_extents(archive, part)))
            elif name.startswith("xl/worksheets/") and not part.is_dir():
                _xlsb_extent(archive.read(part)).check()
            elif name in ("xl/workbook.bin", "xl/sharedstrings.bin", "xl/styles.bin"):
                _xlsb_records(archive.read(part), lambda *_args: None)
    except _ZIP_ERRORS as error:
        raise _unreadable(kind) from error


def _part_name(part):
    """A part's name as calamine looks it up: without case, "\\" for "/"."""
    return part.filename.replace("\\", "/").lower()


def _is_xml(archive, part):
    if part.is_dir() or part.file_size == 0:
        return False
    with archive.open(part) as source:
        head = source.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


# The rest of a start or end tag after its name: attributes up to the closing ">". A quoted value may
# hold ">" (XML allows it) but not "<": no spreadsheet program writes one, and refusing it means a tag
# can never swallow the tags after it.
_TAG_END = re.compile(rb"((?:[^>\"'<]|\"[^\"<]*\"|'[^'<]*')*)>")
# <c …>, <x:row …>, </row>, <sst …>: a cell's end tag tells nothing.
_XLSX_TAG = re.compile(rb"<(?:(/)(?:[^\s/>:<\"']+:)?(row)|()(?:[^\s/>:<\"']+:)?(c|row|sst))(?=[\s/>])")
_UNIQUE_COUNT = re.compile(rb"(?:^|\s)uniqueCount\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
MAX_SHARED_STRINGS = MAX_WHOLE_PART_BYTES // 4  # <si/> takes five bytes
# r="B7" (a cell) or r="7" (a row); any other r="…" matches the second way, and is refused.
_REF = re.compile(rb"(?:^|\s)r\s*=\s*(?:([\"'])([A-Za-z]{0,3})([0-9]{1,7})\1|[\"'])")
_CHUNK = 1024 * 1024
_LONGEST_TAG = 256 * 1024  # far beyond any tag a spreadsheet program writes


def _tags(archive, part, pattern):
    """(closing "/" or "", name, attributes) of the tags of a part that `pattern` finds (it matches
    "<", the "/" of an end tag and the name), read a megabyte at a time. Every tag whose name matches
    is found, wherever it is (in a comment too: counting it does no harm); a tag that does not end,
    or holds "<" in a quoted value, is refused."""
    carry = b""
    with archive.open(part) as source:
        while True:
            chunk = source.read(_CHUNK)
            text, carry, at = carry + chunk, b"", 0
            while True:
                match = pattern.search(text, at)
                if match is None:
                    break
                end = _TAG_END.match(text, match.end())
                if end is None:
                    if chunk and len(text) - match.start() <= _LONGEST_TAG:
                        carry = text[match.start():]  # the tag goes on in the next megabyte
                        break
                    raise ValueError("a tag that does not end")
                closing, name = match.group(1, 2) if match.lastindex <= 2 else match.group(3, 4)
                yield closing or b"", name, end.group(1)
                at = end.end()
            if not chunk:
                return
            if not carry:
                # A tag's name may be cut by the chunk's end: keep the text from the last "<" whose
                # markup has not ended.
                last = text.rfind(b"<", at)
                if last >= 0 and text.find(b">", last) < 0:
                    if len(text) - last > _LONGEST_TAG:
                        raise ValueError("markup that does not end")
                    carry = text[last:]


def _check_xml_sheet(archive, part):
    """An .xlsx sheet as calamine reads it: a cell's place is its r="B7", or the next column of the
    current row when it has none; a row's is its r="7", or the row after the last. The cells that may
    hold a value (any but <c …/>) give the sheet's extent. No row may hold more cells than Excel allows
    (a row of a million empty cells is 21 MB of XML). The shared strings' count is checked on the way."""
    last_row = last_column = 0  # 1-based, of the cells that may hold a value
    row = column = in_row = 0  # 0-based, as calamine counts
    for closing, tag, attributes in _tags(archive, part, _XLSX_TAG):
        if tag == b"c":
            in_row += 1
            if in_row > MAX_CELLS_IN_A_ROW:
                raise _cells_beyond_excel()
            ref = _REF.search(attributes)
            if ref:
                at_row, at_column = _cell_ref(ref)
                if not at_column:
                    raise ValueError("a cell reference without a column")
                cell_row, column = at_row - 1, at_column - 1
            else:
                cell_row = row
            if not attributes.endswith(b"/"):
                last_row = max(last_row, cell_row + 1)
                last_column = max(last_column, column + 1)
            column += 1
        elif tag == b"row":
            if not closing:
                ref = _REF.search(attributes)
                if ref:
                    row = _cell_ref(ref)[0] - 1
                in_row = 0
            if closing or attributes.rstrip().endswith(b"/"):
                row, column = row + 1, 0
        else:
            # calamine reserves room for as many shared strings as the list says it holds: 103 GB for
            # uniqueCount="4294967295".
            count = _UNIQUE_COUNT.search(attributes)
            if count and int(b"0" + bytes(c for c in _quoted(count) if 48 <= c <= 57)) > MAX_SHARED_STRINGS:
                raise ValueError("more shared strings than the part can hold")
    extent = _Extent()
    extent.add(last_row, last_column)
    extent.check()


def _quoted(match):
    return match.group(1) if match.group(1) is not None else match.group(2)


def _cell_ref(match):
    """(row, column), 1-based, of an r="B7" (a column of 0 for r="7")."""
    if match.group(3) is None:
        raise ValueError("not a cell reference")
    letters = match.group(2)
    return int(match.group(3)), _COLUMNS.get(letters) or _column_number(letters)


def _column_number(letters):
    column = 0
    for letter in letters.upper():
        column = column * 26 + letter - ord("A") + 1
    return column


_COLUMNS = {_column_letters(n).encode(): n for n in range(1, 703)}  # A … ZZ, looked up rather than counted


_ODS_TAG = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])")
_ODS_ATTRIBUTE = re.compile(rb"(?:^|\s)([\w.-]+:[\w.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ODS_MAX_ROWS, _ODS_MAX_COLUMNS = 1_048_576, 16_384  # calamine's caps on repeats


def _ods_extents(archive, part):
    """The extents of an .ods's tables (content.xml) as calamine reads them: rows and cells repeat
    (table:number-rows-repeated, table:number-columns-repeated); a cell holds something if it has a
    value type, a formula or content. LibreOffice ends every row with thousands of repeated empty cells
    and every sheet with a row repeated a million times: those count for nothing. calamine skips what
    is inside a cell (a table in a cell too), and so does this."""
    extents = []
    extent = row = column = None
    row_repeats = row_columns = 0
    inside, depth = None, 0  # the cell whose content is being skipped, and how deep
    for closing, tag, attributes in _tags(archive, part, _ODS_TAG):
        empty = attributes.rstrip().endswith(b"/")
        if inside is not None:
            if tag == inside and not empty:
                depth += -1 if closing else 1
                if depth == 0:
                    inside = None
            continue
        if tag == b"table":
            if not closing:
                extent, row, column = _Extent(), 0, None
                extents.append(extent)
        elif extent is None:
            continue
        elif tag == b"table-row":
            if not closing:
                found = dict(_ods_attributes(attributes))
                row_repeats = max(min(int(found.get(b"table:number-rows-repeated", 1)), _ODS_MAX_ROWS - row), 0)
                column, row_columns = 0, 0
            if closing or empty:
                if row_columns:
                    extent.add(row + row_repeats, row_columns)
                row += row_repeats
        elif not closing and column is not None:
            found = dict(_ods_attributes(attributes))
            repeats = max(min(int(found.get(b"table:number-columns-repeated", 1)), _ODS_MAX_COLUMNS - column), 0)
            if not empty or b"office:value-type" in found or b"table:formula" in found:
                row_columns = column + repeats
            column += repeats
            if not empty:
                inside, depth = tag, 1
    return extents


def _ods_attributes(attributes):
    for match in _ODS_ATTRIBUTE.finditer(attributes):
        yield match.group(1), (match.group(2) if match.group(2) is not None else match.group(3))


def _xlsb_records(data, visit):
    """Walk an .xlsb part's records (MS-XLSB 2.1.4: a type of one or two bytes, a size of up to four,
    seven bits a byte), calling visit(type, body). A record may not claim more bytes than the part
    holds: calamine allocates the size it claims (up to 256 MB) before reading."""
    at, end = 0, len(data)
    while at < end:
        kind = data[at]
        at += 1
        if kind & 0x80:
            if at >= end:
                raise ValueError("a record type cut short")
            kind = (kind & 0x7F) | ((data[at] & 0x7F) << 7)
            at += 1
        size = 0
        for shift in range(4):
            if at >= end:
                raise ValueError("a record size cut short")
            byte = data[at]
            at += 1
            size |= (byte & 0x7F) << (7 * shift)
            if not byte & 0x80:
                break
        if at + size > end:
            raise ValueError("a record beyond the end of its part")
        visit(kind, data[at:at + size])
        at += size


_XLSB_CELLS = range(0x0002, 0x000C)  # BrtCellRk … BrtFmlaError: the records calamine reads as values


def _xlsb_extent(data):
    """An .xlsb sheet's extent: BrtRowHdr (0) gives the row, each cell record its column (the first four
    bytes of both). calamine reads each record into one buffer that only grows, so a record shorter than
    four bytes leaves the previous one's bytes in place: so here too. calamine starts at the sheet data
    and stops at a row beyond Excel's; here every record counts, from the first to the last, so that no
    cell it reads is left out."""
    extent = _Extent()
    buffer = bytearray()
    row = 0

    def visit(kind, body):
        nonlocal row
        buffer[: len(body)] = body
        if len(buffer) < 4:
            return
        if kind == 0x0000:
            row = struct.unpack_from("<I", buffer)[0]
            extent.add(row + 1, 0)
        elif kind in _XLSB_CELLS:
            extent.add(row + 1, struct.unpack_from("<I", buffer)[0] + 1)

    _xlsb_records(data, visit)
    return extent


# -- .xls: an OLE compound file around a BIFF stream ------------------------------------------------

_END_OF_CHAIN = 0xFFFF_FFFE
_RESERVED = 0xFFFF_FFFA
_DIFAT_SECTOR = 0xFFFF_FFFC
_XLS_MAX_CELLS = 65_536 * 256  # an .xls sheet's own limit
_BIFF_CELLS = {0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006}  # Number, Label, RString, BoolErr,
# Rk, LabelSst, Formula: each begins with its row and column (MulRk, 0x00BD, holds several columns)


class _Damaged(Exception):
    pass


def _check_ole(data, named):
    """The streams of an OLE compound file, by lower-case name: only those calamine would read
    (Workbook or Book) are unpacked; the rest are named with an empty value. Refused where calamine
    would loop or allocate out of proportion: chains of sectors that loop (the DIFAT chain would never
    end), FAT lengths beyond the file, a DIMENSIONS record of four billion rows, cells far out."""
    try:
        streams = _ole_streams(data)
        stream = streams.get("workbook") or streams.get("book")
        if stream:
            _check_biff(stream)
        return streams
    except (_Damaged, struct.error, IndexError, ValueError, KeyError) as error:
        raise _unreadable(named if named != "csv" else "xls") from error


def _ole_streams(data):
    if len(data) < 512:
        raise _Damaged("shorter than its header")
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12) or struct.unpack_from("<H", data, 32)[0] != 6:
        raise _Damaged("sector sizes")
    size = 1 << shift
    last = len(data) // size  # calamine's highest sector id
    fat_sectors, directory_start = struct.unpack_from("<II", data, 44)
    mini_fat_start, mini_fat_sectors, difat_start = struct.unpack_from("<III", data, 60)
    # calamine reserves room for as many DIFAT entries as the four bytes at offset 62 say.
    if fat_sectors > last + 1 or struct.unpack_from("<I", data, 62)[0] > 1 << 22:
        raise _Damaged("counts beyond the file")

    def sector(number):
        if number > last:
            raise _Damaged("a sector beyond the end")
        return data[(number + 1) * size:(number + 2) * size]

    def ids(chunk):
        return list(struct.unpack_from(f"<{len(chunk) // 4}I", chunk))

    difat = ids(data[76:512])
    seen = set()
    number = difat_start
    while number < _RESERVED:
        if number in seen:
            raise _Damaged("the DIFAT chain loops")
        seen.add(number)
        difat.extend(ids(sector(number)))
        if not difat:
            raise _Damaged("an empty DIFAT")
        number = difat.pop()
    fat_ids = [i for i in difat if i < _DIFAT_SECTOR]
    if len(fat_ids) != len(set(fat_ids)):
        raise _Damaged("a FAT sector listed twice")
    fat = []
    for number in fat_ids:
        fat.extend(ids(sector(number)))

    def chain(start, length, read, table):
        """A stream as calamine follows it: sector after sector until the end mark or `length` bytes.
        A chain that comes back on itself would never end (the directory's has no length)."""
        out, seen, number = bytearray(), set(), start
        while number != _END_OF_CHAIN:
            if number in seen:
                raise _Damaged("a chain of sectors that loops")
            seen.add(number)
            out += read(number)[: max(0, length - len(out))]
            if len(out) >= length:
                break
            number = table[number]  # beyond the table: an IndexError, as calamine panics
        return bytes(out)

    directory = chain(directory_start, 1 << 62, sector, fat)
    entries = []
    for at in range(0, len(directory) - 127, 128):
        entry = directory[at:at + 128]
        name = entry[:64].decode("utf-16-le", "replace").split("\x00")[0]
        start = struct.unpack_from("<I", entry, 116)[0]
        length = struct.unpack_from("<I" if size == 512 else "<Q", entry, 120)[0]
        entries.append((name, start, length))
    if not entries:
        raise _Damaged("no root directory")
    mini_fat, mini_stream = [], b""
    if mini_fat_sectors > 0:
        mini_stream = chain(entries[0][1], entries[0][2], sector, fat)
        mini_fat = ids(chain(mini_fat_start, mini_fat_sectors * size, sector, fat))

    def mini_sector(number):
        if number > last * 8:
            raise _Damaged("a mini sector beyond the end")
        return mini_stream[number * 64:(number + 1) * 64]

    streams = {}
    for name, start, length in entries:  # calamine looks for Workbook among them all, the root's too
        key = name.lower()
        if key in ("workbook", "book") and key not in streams:
            if length > len(data):
                raise _Damaged("a stream longer than the file")
            if length < 4096:
                streams[key] = chain(start, length, mini_sector, mini_fat)
            else:
                streams[key] = chain(start, length, sector, fat)
        else:
            streams.setdefault(key, b"")
    return streams


def _biff_records(stream, start, budget):
    """(type, body) of the BIFF records from `start`, as calamine walks them; spends `budget`, a
    one-element list of the bytes still to walk (sheets may point into one another)."""
    at = start
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        if at + 4 + size > len(stream):
            return
        budget[0] -= 4 + size
        if budget[0] < 0:
            raise _Damaged("sheets that overlap")
        yield kind, stream[at + 4:at + 4 + size]
        at += 4 + size


def _check_biff(stream):
    budget = [2 * len(stream) + 65_536]
    positions = []
    for kind, body in _biff_records(stream, 0, budget):
        if kind == 0x0085 and len(body) >= 4:  # BoundSheet8: where a sheet's records begin
            positions.append(struct.unpack_from("<I", body)[0])
        elif kind == 0x002F and body[:2] != b"\x00\x00":  # FilePass: encrypted with a password to open
            # calamine says so, but its guessing of the format turns it into "Cannot detect file format".
            raise _password_protected()
        elif kind == 0x000A:  # EOF of the workbook globals
            break
    total = 0
    for start in positions:
        total += _biff_sheet_extent(stream, start, budget).check()
        _check_book_cells(total)


def _biff_sheet_extent(stream, start, budget):
    extent = _Extent()
    depth, begun = 0, False
    for kind, body in _biff_records(stream, start, budget):
        if depth:  # an embedded chart's records, which calamine skips
            depth += {0x0809: 1, 0x000A: -1}.get(kind, 0)
            continue
        if kind == 0x0809:
            depth, begun = (depth + 1, begun) if begun else (depth, True)
        elif kind == 0x000A:
            break
        elif kind == 0x0200:  # DIMENSIONS: calamine reserves room for rows × columns cells
            _check_dimensions(body)
        elif kind in _BIFF_CELLS and len(body) >= 4:
            row, column = struct.unpack_from("<HH", body)
            extent.add(row + 1, column + 1)
        elif kind == 0x00BD and len(body) >= 6:  # MulRk: a row, its first column … its last column
            row, first = struct.unpack_from("<HH", body)
            last = struct.unpack_from("<H", body, len(body) - 2)[0]
            extent.add(row + 1, max(first, last) + 1)
    return extent


def _check_dimensions(body):
    if len(body) == 10:
        first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", body)
    elif len(body) == 14:
        first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", body)
    else:
        return  # calamine refuses the file itself
    if first_column > 0xFF or last_column < first_column:
        first_column = 0
    if last_row >= 1 and last_column >= 1:
        rows = (last_row - 1 - first_row) % (1 << 32) + 1
        columns = (last_column - 1 - first_column) % (1 << 32) + 1
        if rows * columns > _XLS_MAX_CELLS:
            raise _Damaged("DIMENSIONS beyond an .xls sheet")


# -- .csv ------------------------------------------------------------------------------------------

_ENCODING_NAMES = {"utf_8": "UTF-8", "gb18030": "GBK/GB18030", "gbk": "GBK/GB18030", "gb2312": "GBK/GB18030",
                   "big5": "Big5", "utf_16": "UTF-16", "utf_16_le": "UTF-16", "utf_16_be": "UTF-16"}


def _csv_book(name, data):
    text, encoding = _decode(data)
    if "\x00" in text:
        raise _not_a_spreadsheet_inside(name)
    rows = _csv_rows(text)
    return Book(format="csv", encoding=encoding, sheet_names=[PurePath(name).stem or "CSV"],
                _read=lambda index: rows)


def _decode(data):
    """The text of a CSV and its encoding as people know it. Excel in China saves "CSV (逗号分隔)" in
    GBK and "CSV UTF-8" with a BOM; other programs write UTF-8 without one. Strict UTF-8 first (GBK
    text is almost never valid UTF-8), then GB18030 (GBK's superset), then charset-normalizer's guess."""
    for bom, codec, label in ((codecs.BOM_UTF8, "utf-8", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
                              (codecs.BOM_UTF16_BE, "utf-16", "UTF-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff"), label
            except UnicodeDecodeError:
                break
    for codec, label in (("utf-8", "UTF-8"), ("gb18030", "GBK/GB18030")):
        try:
            return data.decode(codec), label
        except UnicodeDecodeError:
            continue
    best = from_bytes(data[:256 * 1024]).best()
    if best is not None:
        try:
            return data.decode(best.encoding), _ENCODING_NAMES.get(best.encoding, best.encoding.upper())
        except (UnicodeDecodeError, LookupError):
            pass
    raise ImportFileError(
        _(
            "The file cannot be read as text in UTF-8 or GBK. Save it from Excel as “CSV UTF-8 (逗号分隔)” "
            "and upload that."
        )
    )


def _delimiter(text):
    """Comma, tab or semicolon: the one that splits the most of the first lines into several cells
    (Excel writes every row as wide as the table, the title rows too). Ties go to the comma."""
    sample = text[:64 * 1024]
    best, best_score = ",", -1
    for delimiter in (",", "\t", ";"):
        try:
            lines = list(islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), 50))
        except csv.Error:
            continue
        score = sum(1 for line in lines if len(line) > 1)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(text):
    """The rows of a CSV as a sheet's: numbered as Excel would show them (a quoted cell may span lines),
    within the same limits."""
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    number = 0
    try:
        for number, line in enumerate(reader, start=1):
            if len(line) > MAX_CELLS_IN_A_ROW:
                raise _cells_beyond_excel()
            values = [value if value.strip() else None for value in line]
            while values and values[-1] is None:
                values.pop()
            if not values:
                continue
            extent = _Extent()
            extent.add(number, len(values))
            extent.check()
            rows.append((number, values))
            if len(rows) > MAX_ROWS + 10 * SCAN_ROWS:  # reading stops not far beyond any table's limit
                raise _too_many_rows()
    except csv.Error as error:
        raise ImportFileError(
            _(
                "Row %(row)s of the CSV file cannot be read: a cell is too long or a quotation mark is not "
                "closed. Correct it, or save the file from Excel again, and upload that."
            )
            % {"row": number + 1}
        ) from error
    return rows


# -- the table in a sheet ---------------------------------------------------------------------------


@dataclass
class Table:
    """A sheet's list: its header row and the rows under it, with the file's row numbers."""

    book: Book
    sheet: int  # the index of the sheet in book.sheet_names
    header_row: int  # the row number of the headings in the file
    headings: list  # each as written (cell_text), "" for a blank heading cell
    skipped: list  # [(row number, its cells joined by spaces)] for the rows above the header
    rows: list  # [(row number, values)], each as long as the headings
    recognised: int  # how many headings `recognise` knew (0: the caller should offer a mapping)

    @property
    def sheet_name(self):
        return self.book.sheet_names[self.sheet]

    def record(self, values):
        """A row's values as {column index: value}."""
        return dict(enumerate(values))

    @property
    def records(self):
        """[(row number, {column index: value})]."""
        return [(number, self.record(values)) for number, values in self.rows]


def find_table(book, recognise, sheet=None, scan=SCAN_ROWS):
    """The table of `sheet` (an index), or of the first visible sheet that has one: its header is the
    row, among the first `scan` rows that hold anything, with the most cells `recognise(text)` knows,
    at least two (the earliest of equals). Title rows, "填报单位：…" rows and blank rows above it are
    skipped. If no sheet has such a row, the first sheet with rows is taken with its first row of two
    cells or more as the header, and `recognised` is 0."""
    if sheet is not None:
        if not isinstance(sheet, int) or not 0 <= sheet < len(book.sheet_names):
            raise ImportFileError(
                _("The file has no sheet %(number)s.") % {"number": sheet + 1 if isinstance(sheet, int) else sheet}
            )
        order = [sheet]
    else:
        order = book.visible() or list(range(len(book.sheet_names)))
    limit = MAX_ROWS + scan + 1
    first = None
    for index in order:
        rows = book.rows(index, limit=limit)
        if not rows:
            continue
        first = first or (index, rows)
        at, known = _header(rows[:scan], recognise)
        if known >= 2:
            return _table(book, index, rows, at, known)
    if first is None:
        raise ImportFileError(_("The sheet is empty."))
    index, rows = first
    at = next((i for i, (_n, values) in enumerate(rows[:scan]) if _filled(values) >= 2), 0)
    return _table(book, index, rows, at, 0)


def _filled(values):
    return sum(1 for value in values if cell_text(value))


def _header(rows, recognise):
    """(position, recognised cells) of the row with the most headings `recognise` knows."""
    best, best_known = 0, 0
    for at, (_number, values) in enumerate(rows):
        known = sum(1 for value in values if cell_text(value) and recognise(cell_text(value)))
        if known > best_known:
            best, best_known = at, known
    return best, best_known


def _table(book, index, rows, at, known):
    number, values = rows[at]
    headings = [cell_text(value) for value in values]
    while headings and not headings[-1]:
        headings.pop()
    below = rows[at + 1:]
    if len(below) > MAX_ROWS:
        raise _too_many_rows()
    width = len(headings)
    data = []
    for row_number, line in below:
        line = (list(line) + [None] * width)[:width]
        if any(cell_text(value) for value in line):
            data.append((row_number, line))
    if not data:
        raise ImportFileError(_("The sheet has headers but no rows to import."))
    skipped = [(n, " ".join(cell_text(v) for v in line if cell_text(v))) for n, line in rows[:at]]
    return Table(book=book, sheet=index, header_row=number, headings=headings, skipped=skipped,
                 rows=data, recognised=known)
