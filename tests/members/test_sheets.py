"""Reading the spreadsheets people upload (members.sheets): every format offices keep a 花名册 in, the
table found under its title rows with the file's own row numbers, and files that are not spreadsheets,
are damaged or are built to overload the server refused with a clear message — never another exception.

The files in tests/members/files/ were made with LibreOffice (see its README.md); the hostile ones are
built here, part by part or by patching a real file, small on disk and huge once read.
"""

import csv
import io
import random
import struct
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from members import sheets
from members.sheets import ImportFileError, cell_text, find_table, normalize_heading, open_book
from tests.members.xlsx_parts import HEADER, MEMBER, TYPES, package, rels, row, sheet_rels, text_cell

FILES = Path(__file__).parent / "files"

# The headings a caller knows, as the roster import's synonyms table would say.
KNOWN = {normalize_heading(h) for h in ("序号", "姓名", "性别", "工号", "所在科室", "出生年月", "联系电话", "身份证号")}


def recognise(text):
    return normalize_heading(text) in KNOWN


def upload(name, data=None):
    return SimpleUploadedFile(name, (FILES / name).read_bytes() if data is None else data)


def refusal(name, data=None, **kwargs):
    """The message an upload is refused with."""
    with pytest.raises(ImportFileError) as refused:
        find_table(open_book(upload(name, data), **kwargs), recognise)
    return str(refused.value)


@pytest.fixture(autouse=True)
def english():
    """The messages are checked by their msgids; their Chinese lives in the .po."""
    with translation.override("en"):
        yield


# -- the 花名册 in every format ------------------------------------------------------------------------

HEADINGS = ["序号", "姓  名", "性别", "工号", "所在科室", "出生年月", "联系电话", "身份证号"]
SKIPPED = [(1, "某某公司工会会员花名册"), (2, "填报单位：某某公司工会    填报日期：2026年11月20日")]
# As the cells read through cell_text: the text dates as written, the date cell as a date, the phone
# stored as a number without its ".0".
MEMBERS = [
    (5, ["1", "张三", "男", "A001", "语文组", "1986.03", "139 1234 5601", "110101198603071232"]),
    (6, ["2", "李四", "女", "A002", "数学组", "1979年11月30日", "13912345602", "110101197911300020"]),
    (7, ["3", "王五", "男", "A003", "英语组", "19900228", "137-1234-5603", "110101199002280033"]),
    (8, ["4", "赵六", "女", "A004", "语文组", "1992-05-17", "", "110101199205170045"]),
]


def texts(table):
    return [(number, [cell_text(v) for v in values]) for number, values in table.rows]


@pytest.mark.parametrize("name, kind", [("roster.xlsx", "xlsx"), ("roster.xls", "xls"), ("roster.ods", "ods")])
def test_a_roster_under_its_title_rows_is_read_from_every_workbook_format(name, kind):
    book = open_book(upload(name))
    assert (book.format, book.encoding, book.sheet_names) == (kind, "", ["花名册"])
    table = find_table(book, recognise)
    assert (table.sheet, table.header_row, table.recognised) == (0, 4, 8)
    assert table.headings == HEADINGS
    assert table.skipped == SKIPPED
    assert texts(table) == MEMBERS


@pytest.mark.parametrize("name", ["roster.xlsx", "roster.xls", "roster.ods"])
def test_cells_keep_their_types(name):
    """A date cell is a date (LibreOffice wrote each file); a phone stored as a number stays a float
    (cell_text drops the .0); an empty cell is None."""
    rows = dict(find_table(open_book(upload(name)), recognise).rows)
    assert rows[8][5] == date(1992, 5, 17) and rows[8][6] is None
    assert rows[6][6] == 13912345602.0 and isinstance(rows[6][6], float)
    assert rows[5][5] == "1986.03" and rows[7][5] == "19900228"


@pytest.mark.parametrize(
    "name, encoding",
    [("roster_gbk.csv", "GBK/GB18030"), ("roster_utf8_bom.csv", "UTF-8"), ("roster_utf8.csv", "UTF-8")],
)
def test_a_csv_is_read_in_gbk_or_utf_8(name, encoding):
    book = open_book(upload(name))
    assert (book.format, book.encoding, book.sheet_names) == ("csv", encoding, [name.removesuffix(".csv")])
    table = find_table(book, recognise)
    assert (table.header_row, table.headings, table.skipped) == (4, HEADINGS, SKIPPED)
    # A CSV holds text: the date as Excel showed it.
    assert texts(table) == [*MEMBERS[:3], (8, [*MEMBERS[3][1][:5], "1992/5/17", "", "110101199205170045"])]


def test_the_gbk_file_is_really_gbk():
    data = (FILES / "roster_gbk.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "花名册" in data.decode("gbk")


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_csv_separated_by_semicolons_or_tabs(delimiter):
    text = io.StringIO()
    rows = [["姓名", "工号", "备注"], ["张三", "A001", "一, 二"], ["李四", "A002", ""]]
    csv.writer(text, delimiter=delimiter).writerows(rows)
    table = find_table(open_book(upload("名单.csv", text.getvalue().encode("utf-8"))), recognise)
    assert table.headings == ["姓名", "工号", "备注"]
    assert table.rows == [(2, ["张三", "A001", "一, 二"]), (3, ["李四", "A002", None])]


def test_a_csv_row_spanning_two_lines_keeps_the_numbers_excel_shows():
    data = '姓名,工号,备注\r\n张三,A001,"第一行\r\n第二行"\r\n李四,A002,\r\n'.encode()
    table = find_table(open_book(upload("名单.csv", data)), recognise)
    assert [number for number, _values in table.rows] == [2, 3]


def test_a_csv_in_utf_16_as_excel_saves_unicode_text():
    data = "姓名\t工号\r\n张三\tA001\r\n".encode("utf-16")
    book = open_book(upload("名单.csv", data))
    assert book.encoding == "UTF-16"
    assert find_table(book, recognise).rows == [(2, ["张三", "A001"])]


@pytest.mark.parametrize("name", ["blank_top.xlsx", "blank_top.xls", "blank_top.ods"])
def test_a_sheet_whose_first_rows_are_blank_keeps_its_row_numbers(name):
    """The table starts at B6: rows 1-5 and column A are blank, row 8 too."""
    table = find_table(open_book(upload(name)), recognise)
    assert (table.header_row, table.headings, table.skipped) == (6, ["", "姓名", "性别", "工号"], [])
    assert table.rows == [(7, [None, "张三", "男", "A001"]), (9, [None, "李四", "女", "A002"])]
    assert table.records[0] == (7, {0: None, 1: "张三", 2: "男", 3: "A001"})


def test_book_rows_leave_out_blank_rows_and_trailing_empty_cells():
    book = open_book(upload("roster.xlsx"))
    rows = book.rows(0)
    assert [number for number, _values in rows] == [1, 2, 4, 5, 6, 7, 8]
    assert rows[0] == (1, ["某某公司工会会员花名册"])  # a merged title: its value in the first cell only


# -- which sheet, which row ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["two_sheets.xlsx", "two_sheets.ods"])
def test_an_instructions_sheet_before_the_roster_is_passed_over(name):
    book = open_book(upload(name))
    assert book.sheet_names == ["填表说明", "花名册"]
    table = find_table(book, recognise)
    assert (table.sheet, table.sheet_name, table.header_row) == (1, "花名册", 4)
    assert texts(table) == MEMBERS


def test_a_chosen_sheet_is_read_even_without_known_headings():
    table = find_table(open_book(upload("two_sheets.xlsx")), recognise, sheet=0)
    assert (table.sheet, table.recognised, table.header_row, table.headings) == (0, 0, 1, ["填表说明"])


def test_a_sheet_that_is_not_there_is_refused():
    with pytest.raises(ImportFileError, match="The file has no sheet 3."):
        find_table(open_book(upload("two_sheets.xlsx")), recognise, sheet=2)


def test_without_known_headings_the_first_row_of_two_cells_is_the_header():
    """The caller then offers a column mapping: recognised is 0."""
    table = find_table(open_book(upload("roster.xlsx")), lambda text: False)
    assert (table.recognised, table.header_row, table.headings) == (0, 4, HEADINGS)
    assert table.skipped == SKIPPED


def xlsx(*sheets_rows, hidden=()):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, rows in enumerate(sheets_rows):
        sheet = workbook.create_sheet(f"表{index + 1}")
        for line in rows:
            sheet.append(line)
        if index in hidden:
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_row_with_the_most_known_headings_is_the_header_and_the_earliest_of_equals():
    data = xlsx([["姓名", "工号"], ["张三", "A001"], ["姓名", "性别", "工号"], ["李四", "女", "A002"]])
    assert find_table(open_book(upload("名单.xlsx", data)), recognise).header_row == 3
    data = xlsx([["姓名", "工号"], ["姓名", "工号"], ["李四", "A002"]])
    table = find_table(open_book(upload("名单.xlsx", data)), recognise)
    assert table.header_row == 1 and table.rows == [(2, ["姓名", "工号"]), (3, ["李四", "A002"])]


def test_a_header_beyond_the_rows_looked_through_is_not_found():
    data = xlsx([[f"说明{i}"] for i in range(25)] + [["姓名", "工号"], ["张三", "A001"]])
    assert find_table(open_book(upload("名单.xlsx", data)), recognise).recognised == 0
    assert find_table(open_book(upload("名单.xlsx", data)), recognise, scan=30).header_row == 26


def test_a_hidden_sheet_is_passed_over():
    data = xlsx([["姓名", "工号"], ["旧人", "X001"]], [["姓名", "工号"], ["张三", "A001"]], hidden=[0])
    table = find_table(open_book(upload("名单.xlsx", data)), recognise)
    assert (table.sheet, table.rows) == (1, [(2, ["张三", "A001"])])


def test_rows_under_the_table_stay_rows_and_are_as_wide_as_the_headings():
    data = xlsx([["姓名", "工号"], ["张三", "A001", "备注在表外"], [], ["合计", "1人"], ["制表人：王五"]])
    table = find_table(open_book(upload("名单.xlsx", data)), recognise)
    assert table.rows == [(2, ["张三", "A001"]), (4, ["合计", "1人"]), (5, ["制表人：王五", None])]


def test_an_empty_sheet_and_a_header_alone_are_refused():
    assert refusal("名单.xlsx", xlsx([])) == "The sheet is empty."
    assert refusal("名单.xlsx", xlsx([["姓名", "工号"], [], [None, None, "表外"]])) == (
        "The sheet has headers but no rows to import."
    )


# -- files that are not spreadsheets ---------------------------------------------------------------------


def docx():
    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


NOT_SPREADSHEETS = {
    "a Word document renamed": ("名单.xlsx", docx),
    "a PDF renamed": ("名单.xls", lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
    "a text file renamed": ("名单.xlsx", lambda: "姓名 工号\n张三 A001\n".encode()),
    "a zip of pictures": ("名单.ods", lambda: _zip({"a.png": b"\x89PNG"})),
    "a Word 97 document": ("名单.xls", lambda: _ole_without_workbook()),
    "random bytes": ("名单.xls", lambda: bytes(random.Random(1).randrange(256) for _ in range(4096))),
}


def _zip(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _ole_without_workbook():
    """roster.xls with its Workbook stream renamed WordDocument."""
    data = bytearray((FILES / "roster.xls").read_bytes())
    at = data.index("Workbook".encode("utf-16-le"))
    data[at:at + 16] = "WordDocu".encode("utf-16-le")
    return bytes(data)


@pytest.mark.parametrize("kind", NOT_SPREADSHEETS)
def test_a_file_that_is_not_a_spreadsheet_inside_is_refused(kind):
    name, make = NOT_SPREADSHEETS[kind]
    message = refusal(name, make())
    assert f"“{name}” is not a spreadsheet inside" in message and ".xlsx, .xls, .xlsb, .ods or .csv" in message


@pytest.mark.parametrize("name", ["名单.txt", "名单.docx", "名单.pdf", "名单", "名单.xlsx.exe"])
def test_a_file_not_named_as_a_spreadsheet_is_refused(name):
    assert refusal(name, (FILES / "roster.xlsx").read_bytes()) == (
        f"Please upload a spreadsheet (.xlsx, .xls, .xlsb, .ods or .csv); “{name}” is not one."
    )


@pytest.mark.parametrize(
    "content",
    [
        b"<html><head><meta charset='utf-8'></head><body><table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table>",
        b'\xef\xbb\xbf<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
        "<table><tr><td>姓名</td></tr></table>".encode("utf-16"),
    ],
    ids=["html", "excel 2003 xml", "utf-16 html"],
)
def test_a_web_page_saved_as_xls_gets_its_own_message(content):
    assert "is a web page or an XML file with a spreadsheet's name" in refusal("导出.xls", content)


def test_a_workbook_under_another_workbooks_name_is_read_as_what_it_is():
    assert open_book(upload("roster.xlsm", (FILES / "roster.xlsx").read_bytes())).format == "xlsx"
    book = open_book(upload("roster.xls", (FILES / "roster.xlsx").read_bytes()))
    assert book.format == "xlsx" and texts(find_table(book, recognise)) == MEMBERS
    book = open_book(upload("roster.xlsx", (FILES / "roster.xls").read_bytes()))
    assert book.format == "xls" and texts(find_table(book, recognise)) == MEMBERS


def test_an_empty_file_and_a_file_too_large_are_refused():
    assert refusal("名单.xlsx", b"") == "The file is empty."
    data = (FILES / "roster.xlsx").read_bytes()
    assert refusal("名单.xlsx", data, max_bytes=len(data) - 1) == "The file is larger than 1 MB."
    assert find_table(open_book(upload("名单.xlsx", data), max_bytes=len(data)), recognise).header_row == 4


@pytest.mark.parametrize("name", ["roster.xlsx", "roster.xls", "roster.ods"])
def test_a_truncated_workbook_is_refused(name):
    data = (FILES / name).read_bytes()
    kind = name.rsplit(".", 1)[1]
    for length in (600, len(data) // 2, len(data) - 100):
        assert refusal(name, data[:length]).startswith(f"The file is not a readable .{kind} workbook")


def test_a_password_protected_xlsx_is_refused():
    """Excel encrypts an .xlsx into an OLE file (from calamine's tests, see files/README.md)."""
    assert refusal("pass_protected.xlsx").startswith("The file is password-protected.")


def test_a_password_protected_xls_is_refused():
    """roster.xls with its CODEPAGE record turned into a FILEPASS record, as Excel writes one when the
    file has a password to open."""
    data = bytearray((FILES / "roster.xls").read_bytes())
    at = data.index(b"\x42\x00\x02\x00")  # CODEPAGE, two bytes
    data[at:at + 6] = b"\x2f\x00\x02\x00\x01\x00"
    assert refusal("roster.xls", bytes(data)).startswith("The file is password-protected.")


def test_a_cell_calamine_cannot_read_names_its_sheet():
    """A shared string that is not there: calamine refuses the whole sheet."""
    sheet = row(1, text_cell("姓名"), text_cell("工号")) + row(2, text_cell("张三"), '<c r="B2" t="s"><v>99</v></c>')
    assert refusal("名单.xlsx", package(sheet)).startswith("The sheet “名册” has a cell that cannot be read")


def test_a_number_cell_holding_text_is_read_as_text():
    sheet = row(1, text_cell("姓名"), text_cell("工号")) + row(2, text_cell("张三"), '<c r="B2"><v>A002</v></c>')
    assert find_table(open_book(upload("名单.xlsx", package(sheet))), recognise).rows == [(2, ["张三", "A002"])]


@pytest.mark.parametrize("name", ["roster.xlsx", "roster.xls", "roster.ods", "blank_top.xls", "roster_gbk.csv"])
def test_a_damaged_file_is_read_or_refused_never_another_exception(name):
    """Bytes changed at random, a thousand times: each file is read or refused with an ImportFileError."""
    original = (FILES / name).read_bytes()
    chance = random.Random(name)
    for _attempt in range(300):
        data = bytearray(original)
        for _change in range(chance.choice((1, 2, 8))):
            data[chance.randrange(len(data))] = chance.randrange(256)
        try:
            book = open_book(upload(name, bytes(data)))
            find_table(book, recognise)
        except ImportFileError:
            pass


# -- a workbook assembled part by part (tests/members/xlsx_parts.py) ----------------------------------------



def test_a_workbook_built_part_by_part_is_read():
    assert find_table(open_book(upload("名单.xlsx", package(HEADER, MEMBER))), recognise).rows == [
        (2, ["张三", "男", "A001"])
    ]


# -- files out of proportion are refused before they are parsed -------------------------------------------


def test_a_shared_strings_bomb_is_refused():
    """167 KB on disk, 68 MB of XML unpacked: four million strings."""
    bomb = package(HEADER, MEMBER, strings=4_000_000)
    assert len(bomb) < 250_000
    assert refusal("名单.xlsx", bomb).startswith("The file unpacks to 64.9 MB, out of proportion")


def test_shared_strings_that_claim_four_billion_entries_are_refused():
    """calamine reserved 103 GB for them, and the process aborted."""
    with zipfile.ZipFile(io.BytesIO(package(HEADER, MEMBER))) as source:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for info in source.infolist():
                body = source.read(info)
                archive.writestr(info, body.replace(b"<sst ", b'<sst uniqueCount="4294967295" '))
        data = out.getvalue()
    assert refusal("名单.xlsx", data).startswith("The file is not a readable .xlsx workbook")


def test_a_file_of_thousands_of_parts_is_refused():
    assert refusal("名单.xlsx", package(HEADER, MEMBER, more_parts=5_000)).startswith("The file holds 5006 parts")


def test_a_row_with_more_cells_than_excel_allows_is_refused():
    wide = '<row r="3">' + '<c t="s"><v>0</v></c>' * 20_000 + "</row>"
    assert "more than 16384 cells" in refusal("名单.xlsx", package(HEADER, MEMBER, wide, strings=1))


FAR_CELLS = {
    # calamine would build one block from A1 to the last cell: 512 GB for this one, and abort.
    "the last cell of the sheet": row(1_048_576, '<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'),
    "a column beyond Excel's": row(3, '<c r="ZZZZZZZ3" t="inlineStr"><is><t>x</t></is></c>'),
    "a row far down without a reference": "<row/>" * 30_000 + "<row>" + text_cell("x") + "</row>",
    "a reference hidden after a quoted >": row(3, '<c a=">" r="XFD900" t="inlineStr"><is><t>x</t></is></c>'),
    "a row far down": row(900_000, text_cell("x")),
    "a long tag": row(3, f'<c xx="{"y" * 300_000}" r="XFD900" t="inlineStr"><is><t>x</t></is></c>'),
}


@pytest.mark.parametrize("kind", FAR_CELLS)
def test_a_cell_far_out_is_refused_before_calamine_builds_the_sheet(kind):
    message = refusal("名单.xlsx", package(HEADER, MEMBER, FAR_CELLS[kind]))
    assert message.startswith(("A sheet of the file", "A row of the file", "The file is not a readable .xlsx"))


def test_the_limits_of_a_sheet_in_its_messages(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_SHEET_ROWS", 10)
    assert refusal("名单.xlsx", package(HEADER, MEMBER, row(11, text_cell("x")))) == (
        "A sheet of the file holds something as far down as row 11, far below a list of at most 5,000 rows: "
        "delete the rows below the list (even those that look empty) and save the file again."
    )
    far_right = row(3, '<c r="AA3" t="inlineStr"><is><t>x</t></is></c>')
    monkeypatch.setattr(sheets, "MAX_SHEET_CELLS", 50)
    assert refusal("名单.xlsx", package(HEADER, MEMBER, far_right)) == (
        "A sheet of the file reaches column AA and row 3, 81 cells in all, far more than a list of at most "
        "5,000 rows needs: delete the columns to the right of the list and the rows below it (even those "
        "that look empty) and save the file again."
    )


# -- every row counts -------------------------------------------------------------------------------------


def test_a_list_of_the_limit_is_read_and_one_row_more_is_refused(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 4)
    title = [["某某公司工会会员花名册"], [], ["姓名", "工号"]]
    data = xlsx(title + [[f"会员{i}", f"A00{i}"] for i in range(4)])
    assert len(find_table(open_book(upload("名单.xlsx", data)), recognise).rows) == 4
    data = xlsx(title + [[f"会员{i}", f"A00{i}"] for i in range(5)])
    assert refusal("名单.xlsx", data) == (
        "The sheet has more than 4 rows. Every row counts that holds anything in any column: delete the "
        "rows below the list, or import the list in parts."
    )


def test_rows_count_whatever_columns_they_use(monkeypatch):
    """Notes in column Z, below a list of three members, count."""
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "工号"])
    for i in range(3):
        sheet.append([f"会员{i}", f"A00{i}"])
    for number in range(5, 12):
        sheet.cell(row=number, column=26, value="备注")
    out = io.BytesIO()
    workbook.save(out)
    assert "more than 5 rows" in refusal("名单.xlsx", out.getvalue())


def test_a_csv_of_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 4)
    lines = "姓名,工号\r\n" + "".join(f"会员{i},A{i:03d}\r\n" for i in range(4))
    assert len(find_table(open_book(upload("名单.csv", lines.encode())), recognise).rows) == 4
    lines += "会员9,A009\r\n"
    assert "more than 4 rows" in refusal("名单.csv", lines.encode())
    # A CSV of a million rows stops being read soon after the limit.
    lines += "会员,A\r\n" * 1_000_000
    assert "more than 4 rows" in refusal("名单.csv", lines.encode(), max_bytes=20 * 1024 * 1024)


def test_a_csv_row_wider_than_excel_allows_is_refused():
    data = ("姓名,工号\r\n张三,A001" + "," * 20_000 + "x\r\n").encode()
    assert "more than 16384 cells" in refusal("名单.csv", data)


def test_a_csv_with_a_quotation_mark_never_closed_is_refused():
    data = ('姓名,工号\r\n张三,"A001' + "x" * 200_000 + "\r\n").encode()
    assert refusal("名单.csv", data).startswith("Row 2 of the CSV file cannot be read")


def test_a_csv_in_an_unknown_encoding_is_read_or_refused_clearly():
    for data in ["姓名,工號\r\n張三,A001\r\n".encode("big5"), bytes([0x80, 0xFF, 0x81]) * 100]:
        try:
            open_book(upload("名单.csv", data))
        except ImportFileError as error:
            assert "cannot be read as text" in str(error) or "not a spreadsheet" in str(error)


# -- .ods: the repeats LibreOffice writes, and repeats built to overload ---------------------------------


def test_libreoffice_writes_a_million_repeated_rows_and_they_count_for_nothing():
    content = zipfile.ZipFile(FILES / "roster.ods").read("content.xml").decode()
    assert 'table:number-rows-repeated="1048567"' in content
    assert 'table:number-columns-repeated="16376"' in content
    assert [n for n, _values in open_book(upload("roster.ods")).rows(0)] == [1, 2, 4, 5, 6, 7, 8]


def ods_with(extra_rows):
    """roster.ods (made by LibreOffice) with rows added before its last, repeated, empty row."""
    source = zipfile.ZipFile(FILES / "roster.ods")
    content = source.read("content.xml").decode()
    at = content.index('<table:table-row table:style-name="ro1" table:number-rows-repeated="1048567">')
    content = content[:at] + extra_rows + content[at:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, content if info.filename == "content.xml" else source.read(info))
    return out.getvalue()


def ods_cell(text, repeated=1):
    return (
        f'<table:table-cell office:value-type="string" table:number-columns-repeated="{repeated}">'
        f"<text:p>{text}</text:p></table:table-cell>"
    )


def test_an_ods_row_repeated_a_million_times_is_refused():
    """12 KB on disk; calamine would build 8 million cells (560 MB) and Python a million rows."""
    bomb = ods_with(f'<table:table-row table:number-rows-repeated="1000000">{ods_cell("x")}</table:table-row>')
    assert len(bomb) < 20_000
    assert refusal("名单.ods", bomb).startswith("A sheet of the file holds something as far down as row 1,000,008")


def test_an_ods_cell_repeated_across_the_sheet_is_refused():
    bomb = ods_with(f'<table:table-row table:number-rows-repeated="100">{ods_cell("x", 16_000)}</table:table-row>')
    assert refusal("名单.ods", bomb).startswith("A sheet of the file reaches column WQJ and row 108")


def test_rows_of_a_table_inside_a_cell_do_not_restart_the_count():
    """calamine skips a cell's content, a table in it too: the rows after it are the sheet's."""
    nested = (
        "<table:table-row>" + '<table:table-cell office:value-type="string"><table:table table:name="t">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>y</text:p></table:table-cell>'
        "</table:table-row></table:table></table:table-cell></table:table-row>"
    )
    bomb = ods_with(nested + f'<table:table-row table:number-rows-repeated="30000">{ods_cell("x")}</table:table-row>')
    assert refusal("名单.ods", bomb).startswith("A sheet of the file holds something as far down as row 30,009")


def test_repeated_empty_cells_between_values_are_counted_where_they_end():
    ok = ods_with(
        "<table:table-row>" + ods_cell("张三") + '<table:table-cell table:number-columns-repeated="40"/>'
        + ods_cell("备注") + "</table:table-row>"
    )
    assert open_book(upload("名单.ods", ok)).rows(0)[-1] == (9, ["张三", *[None] * 40, "备注"])


# -- .xls: an OLE file around a BIFF stream, patched ------------------------------------------------------


def patched_xls(patch):
    data = bytearray((FILES / "roster.xls").read_bytes())
    patch(data)
    return bytes(data)


def test_an_xls_whose_dimensions_claim_four_billion_rows_is_refused():
    """calamine reserves room for the cells the DIMENSIONS record claims: the process aborted."""

    def lie(data):
        at = data.index(b"\x00\x02\x0e\x00")  # DIMENSIONS, 14 bytes
        struct.pack_into("<IIHH", data, at + 4, 0, 0xFFFF_FFFF, 0, 255)

    assert refusal("roster.xls", patched_xls(lie)).startswith("The file is not a readable .xls workbook")


def test_an_xls_cell_far_out_is_refused():
    def far(data):
        at = data.index(b"\xfd\x00\x0a\x00")  # the first LABELSST record: row, column, format, string
        struct.pack_into("<HH", data, at + 4, 15_000, 250)

    assert refusal("roster.xls", patched_xls(far)).startswith("A sheet of the file reaches column IQ and row 15,001")


def test_an_xls_whose_chain_of_sectors_loops_is_refused():
    """The directory's chain ends on itself: calamine would read it forever, its memory growing."""

    def loop(data):
        directory = struct.unpack_from("<I", data, 48)[0]
        fat_sector = struct.unpack_from("<I", data, 76)[0]
        struct.pack_into("<I", data, (fat_sector + 1) * 512 + directory * 4, directory)

    assert refusal("roster.xls", patched_xls(loop)).startswith("The file is not a readable .xls workbook")


def test_an_xls_whose_difat_loops_is_refused():
    def loop(data):
        struct.pack_into("<I", data, 68, 0)  # the DIFAT starts at sector 0 …
        struct.pack_into("<I", data, 512 + 508, 0)  # … whose last entry leads back to it

    assert refusal("roster.xls", patched_xls(loop)).startswith("The file is not a readable .xls workbook")


# -- .xlsb: LibreOffice cannot write it; built here record by record (MS-XLSB) ----------------------------


def record(kind, body=b""):
    head = bytes([kind]) if kind < 0x80 else bytes([(kind & 0x7F) | 0x80, kind >> 7])
    size, length = bytearray(), len(body)
    while True:
        size.append((length & 0x7F) | (0x80 if length > 0x7F else 0))
        length >>= 7
        if not length:
            break
    return head + bytes(size) + body


def wide(text):
    encoded = text.encode("utf-16-le")
    return struct.pack("<I", len(encoded) // 2) + encoded


def xlsb(rows, sheet_records=b"", before=b""):
    """An .xlsb of one sheet 花名册: rows of str or float cells from A1, any records after them, and
    any `before` the sheet data."""
    cells = b""
    for number, values in enumerate(rows):
        cells += record(0x00, struct.pack("<I", number) + bytes(13))  # BrtRowHdr
        for column, value in enumerate(values):
            if isinstance(value, str):
                cells += record(0x06, struct.pack("<II", column, 0) + wide(value))  # BrtCellSt
            elif value is not None:
                cells += record(0x05, struct.pack("<IId", column, 0, value))  # BrtCellReal
    sheet = (
        record(0x81) + record(0x94, struct.pack("<IIII", 0, len(rows) - 1, 0, 7)) + before + record(0x91)
        + cells + sheet_records + record(0x92) + record(0x82)
    )
    workbook = (
        record(0x83) + record(0x8F) + record(0x9C, struct.pack("<II", 0, 1) + wide("rId1") + wide("花名册"))
        + record(0x90) + record(0x84)
    )
    return _zip(
        {
            "[Content_Types].xml": TYPES,
            "_rels/.rels": rels("xl/workbook.bin"),
            "xl/workbook.bin": workbook,
            "xl/_rels/workbook.bin.rels": sheet_rels("worksheets/sheet1.bin"),
            "xl/worksheets/sheet1.bin": sheet,
        }
    )


ROSTER_ROWS = [
    ["某某公司工会会员花名册"],
    ["填报单位：某某公司工会    填报日期：2026年11月20日"],
    [],
    HEADINGS,
    [1.0, "张三", "男", "A001", "语文组", "1986.03", "139 1234 5601", "110101198603071232"],
    [2.0, "李四", "女", "A002", "数学组", "1979年11月30日", 13912345602.0, "110101197911300020"],
    [3.0, "王五", "男", "A003", "英语组", "19900228", "137-1234-5603", "110101199002280033"],
]


def test_an_xlsb_roster_is_read():
    book = open_book(upload("花名册.xlsb", xlsb(ROSTER_ROWS)))
    assert (book.format, book.sheet_names) == ("xlsb", ["花名册"])
    table = find_table(book, recognise)
    assert (table.header_row, table.headings, table.skipped) == (4, HEADINGS, SKIPPED)
    assert texts(table) == MEMBERS[:3]


def test_an_excel_made_xlsb_reads_its_dates():
    """Written by Excel (from calamine's tests, see files/README.md)."""
    book = open_book(upload("excel_dates.xlsb"))
    assert book.format == "xlsb" and book.rows(0)[0] == (1, [date(2021, 1, 1), 15.0])


def test_an_xlsb_cell_four_billion_columns_out_is_refused():
    far = record(0x06, struct.pack("<II", 0xFFFF_FFF0, 0) + wide("x"))
    assert refusal("名单.xlsb", xlsb(ROSTER_ROWS, far)).startswith(
        ("A row of the file holds more than", "A sheet of the file")
    )


def test_an_xlsb_row_beyond_excels_before_the_sheet_data_hides_nothing():
    """calamine stops at a row number beyond Excel's, but only once in the sheet data: one before it
    must not stop the measuring either (the fuzzing found this: calamine then aborted)."""
    before = record(0x00, struct.pack("<I", 0x0020_0000))
    far = record(0x06, struct.pack("<II", 0x00FF_FFF0, 0) + wide("x"))
    assert refusal("名单.xlsb", xlsb(ROSTER_ROWS, far, before=before)).startswith(
        ("A row of the file holds more than", "A sheet of the file")
    )


def test_an_xlsb_record_longer_than_its_part_is_refused():
    """calamine allocates the size a record claims (up to 256 MB) before reading it."""
    lying = bytes([0x06, 0xFF, 0xFF, 0xFF, 0x7F])
    assert refusal("名单.xlsb", xlsb(ROSTER_ROWS, lying)).startswith("The file is not a readable .xlsb workbook")


# -- the messages in Chinese ------------------------------------------------------------------------------


def test_the_messages_are_translated(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 1)
    with translation.override("zh-hans"):
        message = refusal("名单.csv", "姓名,工号\r\n张三,A001\r\n李四,A002\r\n".encode())
    assert "超过 1 行" in message
