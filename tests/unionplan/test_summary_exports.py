"""/summary/<year>.docx, .xlsx and .pdf: the same account of the year as the page, as files the chair
can hand in. Opened with python-docx, openpyxl and pypdf and checked against summary_data.py."""

import io
from datetime import date
from urllib.parse import quote

import docx
import openpyxl
import pypdf
import pytest
from docx.oxml.ns import qn

from members import fonts
from tests.factories import ActivityFactory
from tests.unionplan import summary_data
from unionplan.exports import pdf, png
from unionplan.models import YearSummary

pytestmark = pytest.mark.django_db

TEXT = {
    "achievements": "全年工会工作取得新进展。\n教代会提案全部办结。",
    "problems": "活动形式不够丰富。",
    "next_year": "办好教代会。",
}


@pytest.fixture
def year(union, other_union):
    summary_data.build(union, other_union)
    YearSummary.objects.create(union=union, year=2026, **TEXT)


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


# -- Word -----------------------------------------------------------------------------------------------


@pytest.fixture
def word(login, chair_user, year, clock):
    clock(date(2026, 12, 28))  # the year still open: the 落款 is dated the day it is downloaded (Summary.dated)
    response = download(login(chair_user), "/summary/2026.docx")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    filename = quote("第一中学工会2026年工作总结.docx")
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{filename}"
    return docx.Document(io.BytesIO(response.content))


def test_word_has_the_title_the_sections_and_the_chairs_text(word):
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == "第一中学工会2026年工作总结"
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "一、主要工作和成绩",
        "（一）工作计划完成情况",
        "（二）活动开展情况",
        "（三）会员队伍情况",
        "（四）关心关爱会员情况",
        "（五）经费收支情况",
        "二、存在的问题",
        "三、明年工作打算",
    ]
    achievements = paragraphs.index("全年工会工作取得新进展。")
    assert paragraphs[achievements + 1] == "教代会提案全部办结。"
    assert paragraphs.index("一、主要工作和成绩") < achievements < paragraphs.index("（一）工作计划完成情况")
    assert paragraphs[paragraphs.index("二、存在的问题") + 1] == "活动形式不够丰富。"
    assert paragraphs[paragraphs.index("三、明年工作打算") + 1] == "办好教代会。"
    # signed with the union and date (落款), then the annex: the plan's items one by one
    assert paragraphs[1] == "一、主要工作和成绩"  # no date under the title: it is in the 落款
    signed = paragraphs.index("第一中学工会")
    assert paragraphs[signed - 1] == "附件：2026年工作计划完成情况一览表"  # 附件说明, above the 落款
    assert paragraphs[signed : signed + 2] == ["第一中学工会", "2026年12月28日"]
    assert paragraphs[signed + 2 :] == ["附件", "2026年工作计划完成情况一览表"]


def test_word_tables_have_header_rows_and_the_figures(word):
    tables = {tuple(c.text for c in t.rows[0].cells): t for t in word.tables}
    parts = tables[("部分", "计划", "已完成", "进行中", "未开始", "已取消", "完成率")]
    assert [[c.text for c in row.cells] for row in parts.rows[1:]] == [
        ["民主管理", "3", "1", "1", "0", "1", "50%"],
        ["关爱职工", "2", "1", "0", "1", "0", "50%"],
        ["合计", "5", "2", "1", "1", "1", "50%"],
    ]
    months = tables[("月份", "计划", "已开展", "取消", "参与人次", "报名人数", "到场率")]
    assert [c.text for c in months.rows[3].cells] == ["3月", "2", "2", "1", "42", "3", "67%"]
    assert [c.text for c in months.rows[-1].cells] == ["合计", "4", "3", "1", "59", "3", "67%"]
    budget = tables[("支出科目", "预算", "实际支出", "结余", "执行率")]
    assert [c.text for c in budget.rows[2].cells] == [
        "资本性支出",
        "2,000.00",
        "2,500.00",
        "-500.00",
        "125.0%",
    ]
    assert [c.text for c in budget.rows[-1].cells] == ["合计", "12,000.00", "7,156.77", "4,843.23", "59.6%"]
    care = tables[("慰问事由", "次数", "金额（元）")]
    assert [c.text for c in care.rows[-1].cells] == ["合计", "4", "1,200.00"]
    for table in word.tables:  # the header row repeats on every page the table runs over
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    text = "\n".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    assert "10,550.50" in text and "3,393.73" in text and "通过" in text and "孙老师" in text
    assert "别家的活动" not in text


def test_word_sets_east_asian_fonts_page_numbers_and_charts(word):
    def east_asian(style):
        return style.element.rPr.rFonts.get(qn("w:eastAsia"))

    # the plan's layout (members.official, GB/T 9704—2012)
    assert east_asian(word.styles["Normal"]) == "仿宋_GB2312"
    assert word.styles["Normal"].font.size.pt == 16  # 3号
    assert east_asian(word.styles["Title"]) == "方正小标宋简体"
    assert word.styles["Title"].font.size.pt == 22  # 2号
    assert east_asian(word.styles["Heading 1"]) == "黑体"
    assert east_asian(word.styles["Heading 2"]) == "楷体_GB2312"
    assert word.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsiaTheme")) is None
    section = word.sections[0]
    margins = [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ]
    assert margins == [37, 35, 28, 26]
    for footer in (section.footer._element.xml, section.even_page_footer._element.xml):
        assert "PAGE" in footer and 'w:fldCharType="begin"' in footer and "— " in footer
    assert len(word.inline_shapes) == 2  # activities per month, spending per category
    captions = [p.text for p in word.paragraphs if p.text.startswith("图")]
    assert captions == ["图1\u3000各月活动开展情况", "图2\u3000各科目支出情况"]
    rows = word.tables[0].rows
    assert rows[1]._tr.trPr.find(qn("w:cantSplit")) is not None  # a row never breaks across pages
    assert round(word.sections[0].page_width.cm, 1) == 21.0


# -- Excel ----------------------------------------------------------------------------------------------


@pytest.fixture
def workbook(login, chair_user, year):
    response = download(login(chair_user), "/summary/2026.xlsx")
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def values(sheet):
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)]


def find_row(sheet, first):
    return tuple(next(row for row in values(sheet) if row[0] == first))


def test_excel_has_a_sheet_per_area_with_frozen_headers_and_widths(workbook):
    assert workbook.sheetnames == ["总结", "工作计划", "活动", "会员", "关心关爱", "经费"]
    for name in workbook.sheetnames[1:]:
        sheet = workbook[name]
        assert sheet.freeze_panes == "A3", name
        assert sheet["A2"].font.bold, name  # the frozen row is the first table's header
        assert sheet.column_dimensions["A"].width >= 8
    assert workbook["总结"]["A1"].value == "第一中学工会2026年工作总结"
    assert "全年工会工作取得新进展。" in [row[0] for row in values(workbook["总结"])]


def test_excel_holds_numbers_and_totals(workbook):
    plan = workbook["工作计划"]
    assert find_row(plan, "合计") == ("合计", 5, 2, 1, 1, 1, 0.5)
    activities = workbook["活动"]
    assert find_row(activities, "3月")[:6] == ("3月", 2, 2, 1, 42, 3)
    assert find_row(activities, "合计")[:5] == ("合计", 4, 3, 1, 59)
    members = workbook["会员"]
    assert find_row(members, "年末会员人数") == ("年末会员人数", 4)
    care = workbook["关心关爱"]
    assert find_row(care, "合计") == ("合计", 4, 1200)
    money = workbook["经费"]
    assert find_row(money, "应收会费")[1] == 75
    assert find_row(money, "资本性支出")[1:4] == (2000, 2500, -500)
    assert find_row(money, "收支结余")[1] == pytest.approx(3393.73)
    cell = next(c for row in money.iter_rows() for c in row if c.value == 2500)
    assert cell.number_format == "#,##0.00"


# -- PDF ------------------------------------------------------------------------------------------------


def pdf_text(content):
    reader = pypdf.PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_text_has_the_chinese_headings_and_figures(login, chair_user, year):
    response = download(login(chair_user), "/summary/2026.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader, text = pdf_text(response.content)
    flat = "".join(text.split())
    for heading in [
        "第一中学工会2026年工作总结",
        "一、主要工作和成绩",
        "（一）工作计划完成情况",
        "（五）经费收支情况",
        "二、存在的问题",
        "三、明年工作打算",
    ]:
        assert heading in flat, heading
    for figure in [
        "全年工会工作取得新进展。",
        "7,156.77",
        "10,550.50",
        "3,393.73",
        "1,200.00",
        "乒乓球赛",
        "67%",
    ]:
        assert figure in flat, figure
    assert "—1—" in flat  # page numbers
    assert reader.metadata.title == "第一中学工会2026年工作总结"


def test_pdf_embeds_the_installed_cjk_font(login, chair_user, year):
    if not fonts.installed():
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")
    reader, _text = pdf_text(download(login(chair_user), "/summary/2026.pdf").content)
    embedded = [
        str(font["/BaseFont"])
        for font in (f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values())
        if "/FontDescriptor" in font and "/FontFile2" in font["/FontDescriptor"].get_object()
    ]
    assert embedded and all("WenQuanYi" in name or "CJK" in name or "Hei" in name for name in embedded)


def test_pdf_falls_back_to_the_standard_cid_font_without_a_font_file(login, chair_user, year, monkeypatch):
    monkeypatch.setattr(fonts, "installed", lambda: [])
    pdf.font_name.cache_clear()
    try:
        reader, text = pdf_text(download(login(chair_user), "/summary/2026.pdf").content)
        assert "一、主要工作和成绩" in "".join(text.split())
        names = [str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()]
        assert any("STSong-Light" in n for n in names)
    finally:
        pdf.font_name.cache_clear()


def test_charts_render_to_png_with_or_without_a_cjk_font(union, monkeypatch):
    from unionplan import charts, summary

    scene = charts.activities_per_month(summary.build(union, 2026).activities)
    assert png.render(scene).startswith(b"\x89PNG")
    monkeypatch.setattr(fonts, "pillow_font", lambda size: None)
    assert png.render(scene).startswith(b"\x89PNG")


# -- empty year, other unions ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pdf"])
def test_an_empty_year_exports_without_error(login, chair_user, kind):
    response = login(chair_user).get(f"/summary/2019.{kind}")
    assert response.status_code == 200 and len(response.content) > 1000


def test_an_empty_year_in_word_says_so(login, chair_user):
    doc = docx.Document(io.BytesIO(login(chair_user).get("/summary/2019.docx").content))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "2019年没有录入工作计划。" in paragraphs and "2019年没有活动记录。" in paragraphs
    assert len(doc.inline_shapes) == 0


def test_another_unions_chair_exports_only_their_own_union(login, chair_of_other_union, year):
    doc = docx.Document(io.BytesIO(login(chair_of_other_union).get("/summary/2026.docx").content))
    assert doc.paragraphs[0].text == "另一家公司工会2026年工作总结"
    text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "乒乓球赛" not in text and "全年工会工作取得新进展。" not in "\n".join(p.text for p in doc.paragraphs)


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pdf"])
def test_text_pasted_from_word_with_control_characters_still_exports(login, chair_user, union, kind):
    YearSummary.objects.create(union=union, year=2026, achievements="第一行\x0b第二行\x01。", problems="", next_year="")
    ActivityFactory(union=union, title="带\x07控制符的活动", status="done", attendance=3, outcome="成效\x0c好")
    response = login(chair_user).get(f"/summary/2026.{kind}")
    assert response.status_code == 200
    if kind == "docx":
        paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
        assert "第一行" in paragraphs and "第二行。" in paragraphs
