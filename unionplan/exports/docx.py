"""The year-end summary as a Word file (python-docx), in the style of a Chinese union report.

A4, title in 黑体, body in 宋体 with a two-character first-line indent, sections 一、二、三 and
subsections （一）, tables with a shaded header row that repeats on every page, the charts as
pictures, "— 1 —" page numbers in the footer and the union's name and date at the end.

Word and WPS pick the font for Chinese text from `w:rFonts/@w:eastAsia`; python-docx's `font.name`
sets only the Latin fonts, and the default template's theme fonts (`w:eastAsiaTheme` …) would win
over an explicit font, so `_fonts` sets all four slots and removes the theme attributes.
"""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from unionplan.exports import document, png
from unionplan.exports.document import Figure, Paragraphs, Table

BODY_FONT = "宋体"  # SimSun
HEADING_FONT = "黑体"  # SimHei
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(12)  # 小四
TABLE_SIZE = Pt(10.5)  # 五号
HEADER_SHADE = "D9E2F3"
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21), Cm(29.7), Cm(2.5)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
BLACK = RGBColor(0, 0, 0)
STALE_RED = RGBColor(0xC0, 0, 0)
CHART_WIDTH = 420  # scene units that fill the text width
THEME_ATTRIBUTES = ["w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"]


def _fonts(element, east_asian, latin=LATIN_FONT):
    """Set the Latin and East Asian fonts of a style's or run's w:rPr, dropping theme fonts."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _language(style_element):
    rpr = style_element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _styles(doc):
    normal = doc.styles["Normal"]
    _fonts(normal.element, BODY_FONT)
    _language(normal.element)
    normal.font.size = BODY_SIZE
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(0)
    for name, size in (("Heading 1", Pt(16)), ("Heading 2", Pt(14)), ("Heading 3", Pt(12))):
        style = doc.styles[name]
        _fonts(style.element, HEADING_FONT)
        style.font.size = size
        style.font.bold = False  # 黑体 is bold enough; a synthetic bold smudges it
        style.font.italic = False
        style.font.color.rgb = BLACK
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True


def _page(doc):
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    _field(footer, "PAGE")
    footer.add_run(" —")


def _field(paragraph, instruction):
    """A Word field (PAGE, NUMPAGES) as begin / instruction / separate / result / end runs."""

    def char(kind):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run("1")
    char("end")


def _run(paragraph, text, *, font=None, size=None, bold=None):
    run = paragraph.add_run(text)
    if font:
        _fonts(run._r, font)
    if size:
        run.font.size = size
    if bold is not None:
        run.bold = bold
    return run


def _paragraphs(doc, block):
    for text in block.texts:
        paragraph = doc.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _shade(cell, fill):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_as_header(row):
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _keep_row_on_one_page(row):
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _cell(cell, text, *, right=False, bold=False, font=None):
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.line_spacing = 1.15
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    _run(paragraph, text, font=font, size=TABLE_SIZE, bold=bold or None)


def _table(doc, block):
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.keep_with_next = True
    _run(caption, block.caption, font=HEADING_FONT, size=TABLE_SIZE)

    numeric = block.numeric
    rows = [*block.rows, *([block.total] if block.total else [])]
    table = doc.add_table(rows=1 + len(rows), cols=len(block.headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    _repeat_as_header(header)
    for i, title in enumerate(block.headers):
        cell = header.cells[i]
        _shade(cell, HEADER_SHADE)
        _cell(cell, str(title), font=HEADING_FONT)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for r, values in enumerate(rows, start=1):
        is_total = block.total is not None and r == len(rows)
        _keep_row_on_one_page(table.rows[r])
        cells = table.rows[r].cells
        for i, value in enumerate(values):
            _cell(cells[i], document.cell_text(value), right=i in numeric, bold=is_total)
    _widths(table, block)
    if not block.rows:
        note = doc.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(note, _("(none)"), size=TABLE_SIZE)


def _widths(table, block):
    weights = block.widths or [3] + [1] * (len(block.headers) - 1)
    total = sum(weights)
    widths = [int(TEXT_WIDTH * w / total) for w in weights]
    for i, column in enumerate(table.columns):
        column.width = widths[i]
        for cell in column.cells:
            cell.width = widths[i]


def _figure(doc, block):
    if block.scene.empty:
        return
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    # The same scale for every chart: a narrower scene makes a narrower picture, not bigger text.
    width = int((TEXT_WIDTH - Cm(1)) * min(1, block.scene.width / CHART_WIDTH))
    paragraph.add_run().add_picture(io.BytesIO(png.render(block.scene)), width=width)
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(caption, block.caption, font=HEADING_FONT, size=TABLE_SIZE)


RENDER = {Paragraphs: _paragraphs, Table: _table, Figure: _figure}


def _annex(doc, table):
    """附件 on a page of its own after the 落款: its label, then the table under its title."""
    label = doc.add_paragraph()
    label.paragraph_format.page_break_before = True
    _run(label, _("Annex"), font=HEADING_FONT, size=Pt(16))
    _table(doc, table)


def _blocks(doc, blocks):
    for block in blocks:
        RENDER[type(block)](doc, block)


def render(report):
    """The report (document.Report) as .docx bytes."""
    doc = Document()
    _styles(doc)
    _page(doc)
    doc.core_properties.title = report.title
    doc.core_properties.author = report.union
    doc.core_properties.language = "zh-CN"

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(6)
    _run(title, report.title, font=HEADING_FONT, size=Pt(22))
    dated = doc.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dated.paragraph_format.space_after = Pt(12)
    _run(dated, f"（{report.dated}）", size=Pt(14))
    if report.stale:
        note = doc.add_paragraph()
        note.paragraph_format.space_after = Pt(12)
        _run(note, report.stale, font=HEADING_FONT, size=TABLE_SIZE).font.color.rgb = STALE_RED

    for section in report.sections:
        doc.add_heading(f"{section.number}{section.title}", level=1)
        _blocks(doc, section.blocks)
        for area in section.areas:
            doc.add_heading(f"{area.number}{area.title}", level=2)
            _blocks(doc, area.blocks)

    for line in (report.union, report.dated):
        signature = doc.add_paragraph()
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        signature.paragraph_format.space_before = Pt(12) if line == report.union else Pt(0)
        _run(signature, line)

    if report.annex is not None:
        _annex(doc, report.annex)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
