"""The official-document layout (GB/T 9704—2012) that the plan and the year-end summary share."""

import io
import zipfile

import pytest
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from pypdf import PdfReader

from members import official as o

TEXT = "为深入贯彻落实党的二十大精神，团结动员广大教职工为学校高质量发展建功立业，根据上级工会工作部署，制定本计划。"


def sample(paragraphs=1, annex=False):
    blocks = [o.Paragraph(TEXT)]
    for n in range(1, paragraphs + 1):
        blocks += [
            o.Heading(1, "一、", f"加强组织建设{n}"),
            o.Heading(2, "（一）", "健全组织", TEXT),
            o.Heading(3, "1.", "完善会员档案", TEXT),
            o.Heading(4, "（1）", "核对信息", TEXT),
            o.Paragraph(TEXT * 2),
        ]
    annexes = (
        [o.Annex("重点工作责任分解表", [o.Table(["序号", "工作事项"], ["一、组织", [1, "档案"]])])] if annex else []
    )
    return o.Document("某某学校工会2026年工作计划", blocks, o.Signature("某某学校工会委员会", "2026年3月1日"), annexes)


@pytest.fixture
def word():
    return WordDocument(io.BytesIO(o.word(sample())))


def east_asian(style_or_run):
    return style_or_run.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_page_is_a4_with_the_standard_margins(word):
    section = word.sections[0]
    sizes = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(size.mm, 1) for size in sizes] == [210, 297, 37, 35, 28, 26]  # stored in twips


def test_22_lines_of_28_characters_fit_the_text_block():
    line = o.LINE_PT
    assert 22 * line <= 225 / 25.4 * 72 < 23 * line
    pitch = o.BODY_PT + o.CONDENSE_TWENTIETHS / 20
    assert 28 * pitch <= 156 / 25.4 * 72 < 29 * pitch
    assert 28 * o.PDF_BODY_PT <= 156 / 25.4 * 72 < 29 * o.PDF_BODY_PT


def test_fonts_sizes_and_fixed_line_spacing_per_level(word):
    styles = word.styles
    assert east_asian(styles["Title"]) == "方正小标宋简体" and styles["Title"].font.size == Pt(22)
    assert east_asian(styles["Normal"]) == "仿宋_GB2312" and styles["Normal"].font.size == Pt(16)
    assert [east_asian(styles[f"Heading {n}"]) for n in (1, 2, 3, 4)] == [
        "黑体",
        "楷体_GB2312",
        "仿宋_GB2312",
        "仿宋_GB2312",
    ]
    assert [styles[f"Heading {n}"].font.bold for n in (1, 2, 3, 4)] == [False, False, True, False]
    for name in ("Normal", "Heading 1", "Heading 3"):
        fmt = styles[name].paragraph_format
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(28.95)
        assert styles[name].element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    assert styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_a_missing_font_names_its_substitute(word):
    table = next(r.target_part for r in word.part.rels.values() if r.reltype.endswith("/fontTable")).blob.decode()
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="华文中宋"/>' in table
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in table


def test_run_in_heading_text_is_body_text(word):
    heading = next(p for p in word.paragraphs if p.text.startswith("（一）"))
    assert heading.style.name == "Heading 2"
    assert heading.runs[0].text == "（一）健全组织。"
    assert east_asian(heading.runs[1]) == "仿宋_GB2312" and heading.runs[1].bold is False


def test_page_numbers_at_the_outer_corners(word):
    assert word.settings.odd_and_even_pages_header_footer
    section = word.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for footer in (odd, even):
        assert footer.text == "— 1 —"
        assert " PAGE " in [t.text for t in footer._p.iter(qn("w:instrText"))]
        assert east_asian(footer.runs[0]) == "宋体" and footer.runs[0].font.size == Pt(14)


def test_the_signature_keeps_with_the_last_paragraph(word):
    paragraphs = word.paragraphs
    assert [p.text for p in paragraphs[-2:]] == ["某某学校工会委员会", "2026年3月1日"]
    assert paragraphs[-3].paragraph_format.keep_with_next and paragraphs[-2].paragraph_format.keep_with_next
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in paragraphs[-2:])


def test_signature_indents_put_the_date_two_characters_right_of_the_name():
    name, date = o.signature_indents(o.Signature("某某学校工会委员会", "2026年3月1日"))
    assert name == 2 and date == 2 + 9 - 2 - 6  # the date starts two characters after the name
    # a date wider than the name moves the name left: 2 + 7 − 2
    assert o.signature_indents(o.Signature("工会", "2026年12月31日")) == (7.0, 0)


def test_annexes_follow_the_signature_on_a_page_of_their_own():
    word = WordDocument(io.BytesIO(o.word(sample(annex=True))))
    texts = [p.text for p in word.paragraphs]
    signature = texts.index("某某学校工会委员会")
    assert texts[signature - 1].endswith("重点工作责任分解表")  # 附件：… above the 落款
    assert texts[signature + 2 :] == ["附件", "重点工作责任分解表"]
    assert word.tables[0].rows[1].cells[0].text == "一、组织"  # a group row across the table
    assert len(word.tables[0].rows[1]._tr.tc_lst) == 1


def test_the_pdf_has_the_pages_and_their_numbers():
    content = o.pdf(sample(paragraphs=6, annex=True))
    assert content.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(content)).pages
    assert len(pages) >= 3
    texts = [page.extract_text() for page in pages]
    for n, text in enumerate(texts, 1):
        assert f"— {n} —" in text
    assert "某某学校工会2026年工作计划" in texts[0]
    assert "某某学校工会委员会" in texts[-2] and "重点工作责任分解表" in texts[-1]
    width, height = (float(v) for v in pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


def test_the_docx_is_a_valid_zip_with_both_footers():
    names = zipfile.ZipFile(io.BytesIO(o.word(sample()))).namelist()
    assert {"word/footer1.xml", "word/footer2.xml"} <= set(names)
