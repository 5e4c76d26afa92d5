"""Makes the spreadsheets in this folder (see README.md). Needs LibreOffice (soffice) for .xls, .ods and
.xlsb; the tests only read the files kept here. Run from anywhere: python tests/members/files/make_files.py"""

import csv
import io
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent

TITLE = "某某公司工会会员花名册"
FILED = "填报单位：某某公司工会    填报日期：2026年11月20日"
HEADINGS = ["序号", "姓  名", "性别", "工号", "所在科室", "出生年月", "联系电话", "身份证号"]
MEMBERS = [
    [1, "张三", "男", "A001", "语文组", "1986.03", "139 1234 5601", "110101198603071232"],
    [2, "李四", "女", "A002", "数学组", "1979年11月30日", 13912345602, "110101197911300020"],
    [3, "王五", "男", "A003", "英语组", "19900228", "137-1234-5603", "110101199002280033"],
    [4, "赵六", "女", "A004", "语文组", date(1992, 5, 17), "", "110101199205170045"],
]


def roster(sheet, headings=HEADINGS):
    """The 花名册 as offices keep it: a merged title, who filed it and when, a blank row, the table."""
    sheet.title = "花名册"
    sheet["A1"] = TITLE
    sheet.merge_cells("A1:H1")
    sheet["A2"] = FILED
    sheet.merge_cells("A2:H2")
    for column, heading in enumerate(headings, start=1):
        sheet.cell(row=4, column=column, value=heading)
    for row, member in enumerate(MEMBERS, start=5):
        for column, value in enumerate(member, start=1):
            cell = sheet.cell(row=row, column=column, value=value if value != "" else None)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                cell.number_format = "@"  # text, as a careful office sets an ID-number column


def save(workbook, name):
    workbook.save(HERE / name)
    return HERE / name


def convert(source, target_name, filter_name):
    """source → HERE/target_name through LibreOffice."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{out}/profile",
             "--convert-to", filter_name, "--outdir", out, str(source)],
            check=True, capture_output=True,
        )
        made = next(p for p in Path(out).iterdir() if p.is_file())
        shutil.move(made, HERE / target_name)


def main():
    workbook = Workbook()
    roster(workbook.active)
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "roster.xlsx"
        workbook.save(source)
        # Every format as LibreOffice writes it, the .xlsx too (shared strings, styles, merged cells).
        convert(source, "roster.xlsx", 'xlsx:Calc MS Excel 2007 XML')
        convert(source, "roster.xls", "xls:MS Excel 97")
        convert(source, "roster.ods", "ods")

    # The same roster with the office's own heading for the employee number, which nobody else writes.
    workbook = Workbook()
    roster(workbook.active, [h if h != "工号" else "人员代码" for h in HEADINGS])
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "roster_own_heading.xlsx"
        workbook.save(source)
        convert(source, "roster_own_heading.xls", "xls:MS Excel 97")

    # The instructions first, the roster on the second sheet.
    workbook = Workbook()
    notes = workbook.active
    notes.title = "填表说明"
    notes["A1"] = "填表说明"
    notes["A2"] = "1. 出生年月请按 1986.03 或 1986年3月 填写。"
    notes["A3"] = "2. 联系电话填写手机号码。"
    roster(workbook.create_sheet())
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "two_sheets.xlsx"
        workbook.save(source)
        convert(source, "two_sheets.ods", "ods")
    save(workbook, "two_sheets.xlsx")

    # The header on row 6 with nothing above it: the row numbers must be the sheet's own.
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet["B6"], sheet["C6"], sheet["D6"] = "姓名", "性别", "工号"
    sheet["B7"], sheet["C7"], sheet["D7"] = "张三", "男", "A001"
    sheet["B9"], sheet["C9"], sheet["D9"] = "李四", "女", "A002"
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "blank_top.xlsx"
        workbook.save(source)
        convert(source, "blank_top.xls", "xls:MS Excel 97")
        convert(source, "blank_top.ods", "ods")
    save(workbook, "blank_top.xlsx")

    # The CSVs as Excel saves them: every row as wide as the table, dates as the cell showed them.
    lines = [[TITLE] + [""] * 7, [FILED] + [""] * 7, [""] * 8, HEADINGS]
    for member in MEMBERS:
        lines.append([f"{v.year}/{v.month}/{v.day}" if isinstance(v, date) else v for v in member])
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(lines)
    (HERE / "roster_gbk.csv").write_bytes(text.getvalue().encode("gbk"))
    (HERE / "roster_utf8_bom.csv").write_bytes(text.getvalue().encode("utf-8-sig"))
    (HERE / "roster_utf8.csv").write_bytes(text.getvalue().encode("utf-8"))
    text = io.StringIO()
    csv.writer(text, delimiter=";", lineterminator="\n").writerows(lines[3:])
    (HERE / "roster_semicolon.csv").write_bytes(text.getvalue().encode("utf-8"))


if __name__ == "__main__":
    main()
