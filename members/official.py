"""A Chinese official document's layout (GB/T 9704—2012, 党政机关公文格式), for Word and PDF.

What a document says is a `Document`: a title, blocks (headings of levels 1–4, paragraphs, tables),
the 落款 (`Signature`: who and when) and annexes (附件). `word(document)` and `pdf(document)` lay it
out the same way:

- A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: a text block of 156 × 225 mm.
- Title 2号 (22 pt) 小标宋, centred; body 3号 (16 pt) 仿宋 with a two-character first-line indent.
- 22 lines of 28 characters a page: a fixed line pitch of 28.95 pt (579 twips, also the document
  grid's line pitch; 22 × 28.95 pt = 636.9 pt ≤ 225 mm = 637.8 pt < 23 lines), and characters
  condensed by 0.25 pt (16 − 0.25 = 15.75 pt; 28 × 15.75 pt = 441 pt ≤ 156 mm = 442.2 pt < 29).
  The usual 公文 template gets 28 from a character grid instead (w:charSpace −849: 15.79 pt a
  character); LibreOffice 7.4 draws that grid at 14 characters a line, condensed text reads the
  same in Word, WPS and LibreOffice.
- Headings: 一、 黑体, （一） 楷体, 1. 仿宋 bold, （1） 仿宋; a heading with text runs into it
  (（一）标题。正文…), a heading alone keeps with the paragraph after it.
- Page numbers "— 1 —", 4号 (14 pt) 宋体, 7 mm below the text block, one character in from the outer
  edge: odd pages at the right, even pages at the left (Word: different odd and even footers with a
  PAGE field).
- The 落款 one blank line below the last paragraph, right-aligned; the last paragraph keeps with it,
  so the name and date never stand alone at the top of a page.
- Annexes: "附件：…" listed after the text, each annex on a new page after the 落款, headed 附件 in
  黑体 and its own title.

Word and WPS choose the font of Chinese text from `w:rFonts/@w:eastAsia`; python-docx's `font.name`
sets only the Latin slots, and the default template's theme fonts would win over an explicit one, so
`set_fonts` sets all four slots and drops the theme attributes. A font a machine lacks is named with
its fallbacks in the font table (`w:altName`): 方正小标宋简体 → 华文中宋 → 宋体, 仿宋_GB2312 → 仿宋,
楷体_GB2312 → 楷体.

The PDF (reportlab) sets Chinese in the CID font STSong-Light, which needs no file (the viewer supplies
the glyphs); headings of level 1 use a sans-serif CJK TrueType font when one is installed (fonts.py).
Its body size is 15.75 pt rather than 16 (the pitch of the condensed 3号 in Word): reportlab has no
character spacing, and 28 characters of 16 pt are 158 mm, wider than the text block.
"""

import io
from dataclasses import dataclass, field
from functools import cache
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from members import fonts

# -- the layout -------------------------------------------------------------------------------------

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
TOP_MM, BOTTOM_MM, LEFT_MM, RIGHT_MM = 37, 35, 28, 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - LEFT_MM - RIGHT_MM  # 156
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - TOP_MM - BOTTOM_MM  # 225
PAGE_NUMBER_GAP_MM = 7  # from the text block's lower edge to the page number's dashes

LINE_TWIPS = 579  # 28.95 pt
LINE_PT = LINE_TWIPS / 20
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
CONDENSE_TWENTIETHS = -5  # −0.25 pt between characters: 28 of 3号 fill a line of 156 mm

TITLE_PT = 22  # 2号
BODY_PT = 16  # 3号
PAGE_NUMBER_PT = 14  # 4号
TABLE_PT = 12  # 小四, for table cells
TABLE_LINE_PT = 20

# Font names, best first: Word uses the first, the font table names the next as its substitute.
TITLE_FONTS = ("方正小标宋简体", "华文中宋", "宋体")
BODY_FONTS = ("仿宋_GB2312", "仿宋")
HEI_FONTS = ("黑体",)
KAI_FONTS = ("楷体_GB2312", "楷体")
SONG_FONTS = ("宋体",)
LATIN_FONT = "Times New Roman"

# level → (fonts, bold) of the heading's own words; its text after them is body 仿宋.
LEVEL_FONTS = {1: (HEI_FONTS, False), 2: (KAI_FONTS, False), 3: (BODY_FONTS, True), 4: (BODY_FONTS, False)}
STYLE_NAMES = {"title": "Title", "body": "Normal", 1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 4"}
BLACK = RGBColor(0, 0, 0)


def text_width(text):
    """Width in characters of the body: a CJK character is one, a Latin letter or digit half (半角)."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


# -- what a document says -----------------------------------------------------------------------------


@dataclass
class Heading:
    level: int  # 1 一、 黑体, 2 （一） 楷体, 3 1. 仿宋 bold, 4 （1） 仿宋
    number: str
    title: str
    text: str = ""  # run into the heading's line: （一）标题。text

    @property
    def words(self):
        """The heading's own words as printed: its number and title, with a full stop before run-in text."""
        words = f"{self.number}{self.title}"
        ends = ("。", "：", "！", "？", "；")
        if self.text and self.title and not self.title.endswith(ends) and not self.text.startswith(("（", "(")):
            words += "。"
        return words


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    headers: list
    rows: list  # a list of cells is a row; a str is a group row across all columns (一、组织建设)
    widths: list | None = None  # relative column widths
    caption: str = ""


@dataclass
class Signature:
    """The 落款: who issues the document and when (成文日期, written 2026年3月1日)."""

    name: str
    dated: str


@dataclass
class Annex:
    title: str
    blocks: list = field(default_factory=list)


@dataclass
class Document:
    title: str
    blocks: list = field(default_factory=list)
    signature: Signature | None = None
    annexes: list = field(default_factory=list)
    author: str = ""
    subject: str = ""  # the file's properties: e.g. which approved version it is


def written_date(day):
    """2026年3月1日, as GB/T 9704 writes the 成文日期 (Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def signature_indents(signature):
    """Right indents, in characters, of the name and the date: the name two characters in from the
    right (不加盖印章: 右空二字), the date one line below with its first character two to the right of
    the name's first; a date wider than that pushes the name left instead."""
    name, dated = text_width(signature.name), text_width(signature.dated)
    name_indent = 2
    date_indent = name_indent + name - 2 - dated
    if date_indent < 0:
        name_indent -= date_indent
        date_indent = 0
    return name_indent, date_indent


def annex_list(document):
    """The 附件说明 line(s) below the text: 附件：重点工作责任分解表, or 附件：1. … 2. … for several."""
    if len(document.annexes) == 1:
        return [_("Annex: %(title)s") % {"title": document.annexes[0].title}]
    return [
        (_("Annex: %(title)s") if n == 1 else "%(title)s") % {"title": f"{n}. {annex.title}"}
        for n, annex in enumerate(document.annexes, 1)
    ]


def annex_label(document, n):
    return _("Annex") if len(document.annexes) == 1 else _("Annex %(n)d") % {"n": n}


# -- Word ------------------------------------------------------------------------------------------------

THEME_ATTRIBUTES = ["w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"]


def set_fonts(element, east_asian, latin=LATIN_FONT):
    """Set the Latin and East Asian fonts of a style's or run's w:rPr, dropping theme fonts."""
    rfonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in THEME_ATTRIBUTES:
        rfonts.attrib.pop(qn(attribute), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)


def _font_table(doc):
    """Name each first-choice font's substitute (w:altName) with the GB2312 charset, so that Word
    and WPS fall back to 华文中宋 / 仿宋 / 楷体 where 方正小标宋简体 / 仿宋_GB2312 / 楷体_GB2312 are absent."""
    part = next((rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable")), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    for names in (TITLE_FONTS, BODY_FONTS, KAI_FONTS, HEI_FONTS, SONG_FONTS):
        font = OxmlElement("w:font", {qn("w:name"): names[0]})
        if len(names) > 1:
            font.append(OxmlElement("w:altName", {qn("w:val"): names[1]}))
        font.append(OxmlElement("w:charset", {qn("w:val"): "86"}))  # GB2312
        font.append(OxmlElement("w:family", {qn("w:val"): "modern" if names is HEI_FONTS else "roman"}))
        font.append(OxmlElement("w:pitch", {qn("w:val"): "variable"}))
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _language(element):
    rpr = element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _condense(element, twentieths=CONDENSE_TWENTIETHS):
    """Character spacing (w:spacing in a run's or style's w:rPr), in its place in the schema's order."""
    rpr = element.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.insert_element_before(
            spacing,
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
        )
    spacing.set(qn("w:val"), str(twentieths))


def _fixed_lines(paragraph_format, points=LINE_PT):
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(points)
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)


def _indent_chars(paragraph_format_element, *, first_line=None, right=None, left=None):
    """Indents in characters (w:firstLineChars, in hundredths), which Word measures on the grid."""
    ind = paragraph_format_element.get_or_add_pPr().get_or_add_ind()
    for attribute, chars, points in (
        ("firstLine", first_line, first_line),
        ("right", right, right),
        ("left", left, left),
    ):
        if chars is None:
            continue
        ind.set(qn(f"w:{attribute}Chars"), str(int(round(chars * 100))))
        ind.set(qn(f"w:{attribute}"), str(int(round(points * BODY_PT * 20))))


def _styles(doc):
    normal = doc.styles["Normal"]
    set_fonts(normal.element, BODY_FONTS[0])
    _language(normal.element)
    normal.font.size = Pt(BODY_PT)
    normal.font.color.rgb = BLACK
    _condense(normal.element)
    _fixed_lines(normal.paragraph_format)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.widow_control = True
    _indent_chars(normal.element, first_line=2)

    title = doc.styles["Title"]
    set_fonts(title.element, TITLE_FONTS[0])
    title.font.size = Pt(TITLE_PT)
    title.font.bold = False
    title.font.color.rgb = BLACK
    _condense(title.element, 0)
    _fixed_lines(title.paragraph_format)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(LINE_PT)  # one blank line below the title
    title.paragraph_format.keep_with_next = True
    _indent_chars(title.element, first_line=0)
    _no_border(title.element)

    for level, (names, bold) in LEVEL_FONTS.items():
        style = doc.styles[STYLE_NAMES[level]]
        set_fonts(style.element, names[0])
        style.font.size = Pt(BODY_PT)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = BLACK
        _condense(style.element)
        _fixed_lines(style.paragraph_format)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.keep_together = False  # a heading with its text runs on like a paragraph
        _indent_chars(style.element, first_line=2)


def _no_border(style_element):
    """The default template's Title has a blue rule under it; an official title has none."""
    ppr = style_element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)


def _page(doc):
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(TOP_MM), Mm(BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
    section.header_distance = Mm(15)
    # The footer's one line (exactly 14 pt) ends this far above the page's edge, so that its top —
    # where the dashes' line begins — is PAGE_NUMBER_GAP_MM below the text block.
    section.footer_distance = Mm(BOTTOM_MM - PAGE_NUMBER_GAP_MM) - Pt(PAGE_NUMBER_PT * 1.5)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    grid.attrib.pop(qn("w:charSpace"), None)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph, alignment):
    """— PAGE — in 4号 宋体, one character in from the outer edge (单页码居右空一字，双页码居左空一字)."""
    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(PAGE_NUMBER_PT * 1.5)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        fmt.left_indent = Pt(PAGE_NUMBER_PT)
    _run(paragraph, "— ", SONG_FONTS, size=PAGE_NUMBER_PT)
    field_runs(paragraph, "PAGE", SONG_FONTS, PAGE_NUMBER_PT)
    _run(paragraph, " —", SONG_FONTS, size=PAGE_NUMBER_PT)


def field_runs(paragraph, instruction, names=SONG_FONTS, size=PAGE_NUMBER_PT):
    """A Word field (PAGE, NUMPAGES) as begin / instruction / separate / result / end runs."""

    def run_with(element):
        run = _run(paragraph, "", names, size=size)
        run._r.append(element)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run_with(text)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    _run(paragraph, "1", names, size=size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _run(paragraph, text, names=None, *, size=None, bold=None):
    run = paragraph.add_run(text)
    if names:
        set_fonts(run._r, names[0])
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    return run


def _word_heading(doc, block):
    paragraph = doc.add_paragraph(style=STYLE_NAMES[block.level])
    paragraph.add_run(block.words)
    if block.text:
        # The text after a run-in heading is body: 仿宋, not bold; and the heading need not keep with the next.
        _run(paragraph, block.text, BODY_FONTS, bold=False)
        paragraph.paragraph_format.keep_with_next = False
    return paragraph


def _word_paragraph(doc, block):
    return doc.add_paragraph(block.text)


def _word_table(doc, block):
    if block.caption:
        caption = doc.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _indent_chars(caption._p, first_line=0)
        caption.paragraph_format.keep_with_next = True
        _run(caption, block.caption, HEI_FONTS)
    columns = len(block.headers)
    table = doc.add_table(rows=1, cols=columns)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    marker = OxmlElement("w:tblHeader")  # repeats on every page
    marker.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(marker)
    for cell, text in zip(header.cells, block.headers, strict=True):
        _cell(cell, str(text), HEI_FONTS, center=True)
    for values in block.rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if isinstance(values, str):
            merged = row.cells[0].merge(row.cells[-1])
            _cell(merged, values, HEI_FONTS)
            continue
        for i, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            _cell(cell, "" if value is None else str(value), BODY_FONTS, center=i != 1 and columns > 2)
    weights = block.widths or [1] * columns
    widths = [int(Mm(TEXT_WIDTH_MM) * w / sum(weights)) for w in weights]
    for i, column in enumerate(table.columns):
        column.width = widths[i]
        for cell in column.cells:
            cell.width = widths[i]
    return table


def _cell(cell, text, names, *, center=False):
    paragraph = cell.paragraphs[0]
    _indent_chars(paragraph._p, first_line=0)
    _fixed_lines(paragraph.paragraph_format, TABLE_LINE_PT)
    _off_the_grid(paragraph)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    _run(paragraph, text, names, size=TABLE_PT)


def _off_the_grid(paragraph):
    """A table's smaller lines keep their own pitch: snapped to the body's 28.95 pt line grid (as
    LibreOffice and Word do by default) each line of a cell would take a whole body line."""
    properties = paragraph._p.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    # The schema's order: snapToGrid comes before spacing and ind.
    later = [e for e in (properties.find(qn("w:spacing")), properties.find(qn("w:ind"))) if e is not None]
    if later:
        later[0].addprevious(snap)
    else:
        properties.append(snap)


WORD_BLOCKS = {Heading: _word_heading, Paragraph: _word_paragraph, Table: _word_table}


def _word_blocks(doc, blocks):
    for block in blocks:
        WORD_BLOCKS[type(block)](doc, block)


def _word_signature(doc, document):
    """附件说明 and 落款, the paragraph before them keeping with them (and they with each other)."""
    paragraphs = [p for p in doc.paragraphs]
    if paragraphs and paragraphs[-1].style.name != STYLE_NAMES["title"]:
        last = paragraphs[-1]
        last.paragraph_format.keep_with_next = True  # with widow control: its last two lines at least
    if document.annexes:
        for n, line in enumerate(annex_list(document)):
            paragraph = doc.add_paragraph(line)
            paragraph.paragraph_format.keep_with_next = True
            if n == 0:
                paragraph.paragraph_format.space_before = Pt(LINE_PT)  # 正文下空一行
            else:  # 1. 2. aligned under the first annex's title: 附件： is three characters
                _indent_chars(paragraph._p, first_line=0, left=5)
    if document.signature is None:
        return
    name_indent, date_indent = signature_indents(document.signature)
    name = doc.add_paragraph(document.signature.name)
    name.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    name.paragraph_format.space_before = Pt(LINE_PT * (2 if document.annexes else 1))
    name.paragraph_format.keep_with_next = True
    _indent_chars(name._p, first_line=0, right=name_indent)
    dated = doc.add_paragraph(document.signature.dated)
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _indent_chars(dated._p, first_line=0, right=date_indent)


def _word_annexes(doc, document):
    for n, annex in enumerate(document.annexes, 1):
        label = doc.add_paragraph()
        label.add_run().add_break(WD_BREAK.PAGE)
        _indent_chars(label._p, first_line=0)
        label.paragraph_format.keep_with_next = True
        _run(label, annex_label(document, n), HEI_FONTS)
        doc.add_paragraph(annex.title, style=STYLE_NAMES["title"])
        _word_blocks(doc, annex.blocks)


def word(document):
    """The document as .docx bytes."""
    doc = WordDocument()
    _styles(doc)
    _page(doc)
    _font_table(doc)
    doc.core_properties.title = document.title
    doc.core_properties.author = document.author or (document.signature.name if document.signature else "")
    doc.core_properties.language = "zh-CN"
    doc.core_properties.subject = document.subject
    doc.add_paragraph(document.title, style=STYLE_NAMES["title"])
    _word_blocks(doc, document.blocks)
    _word_signature(doc, document)
    _word_annexes(doc, document)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- PDF ---------------------------------------------------------------------------------------------------

CID_FONT = "STSong-Light"
PDF_BODY_PT = BODY_PT + CONDENSE_TWENTIETHS / 20  # 15.75 pt, the pitch of Word's condensed 3号: 28 a line


CANNOT_START_A_LINE = "，。、；：？！）》」』】〕…—"


def _chinese_line_breaking():
    """reportlab's CJK wrapping knows which Japanese marks may not start a line, not ，；：！？）:
    add them, so that they hang at the line's end as in Word (标点不居行首)."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):  # one-run paragraphs wrap in textsplit, others in paragraph
        module.ALL_CANNOT_START += "".join(c for c in CANNOT_START_A_LINE if c not in module.ALL_CANNOT_START)


@cache
def pdf_fonts():
    """(song, hei): the CID font for body text, and a CJK sans TrueType for 黑体 headings if installed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    _chinese_line_breaking()
    for path, index in fonts.installed():
        if not any(sans in path.lower() for sans in ("wqy", "droid", "sans")):
            continue
        try:
            pdfmetrics.registerFont(TTFont("OfficialHei", path, subfontIndex=index))
        except (TTFError, OSError, ValueError, KeyError):
            continue
        return CID_FONT, "OfficialHei"
    return CID_FONT, CID_FONT


@cache
def pdf_styles():
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    song, hei = pdf_fonts()
    size = PDF_BODY_PT
    body = ParagraphStyle(
        "body",
        fontName=song,
        fontSize=size,
        leading=LINE_PT,
        wordWrap="CJK",
        firstLineIndent=2 * size,
        alignment=TA_JUSTIFY,
    )
    return {
        "title": ParagraphStyle(
            "title",
            fontName=song,
            fontSize=TITLE_PT,
            leading=LINE_PT * 1.1,
            alignment=TA_CENTER,
            wordWrap="CJK",
            spaceAfter=LINE_PT,
        ),
        "body": body,
        1: ParagraphStyle("h1", parent=body, fontName=hei, keepWithNext=1),
        2: ParagraphStyle("h2", parent=body, keepWithNext=1),
        3: ParagraphStyle("h3", parent=body, keepWithNext=1),
        4: ParagraphStyle("h4", parent=body, keepWithNext=1),
        "flush": ParagraphStyle("flush", parent=body, firstLineIndent=0, alignment=TA_LEFT),
        "label": ParagraphStyle("label", parent=body, fontName=hei, firstLineIndent=0, alignment=TA_LEFT),
        "right": ParagraphStyle("right", parent=body, firstLineIndent=0, alignment=TA_RIGHT),
        "cell": ParagraphStyle("cell", fontName=song, fontSize=TABLE_PT, leading=TABLE_LINE_PT, wordWrap="CJK"),
        "cell-head": ParagraphStyle(
            "cell-head", fontName=hei, fontSize=TABLE_PT, leading=TABLE_LINE_PT, alignment=TA_CENTER, wordWrap="CJK"
        ),
        "cell-center": ParagraphStyle(
            "cell-center",
            fontName=song,
            fontSize=TABLE_PT,
            leading=TABLE_LINE_PT,
            alignment=TA_CENTER,
            wordWrap="CJK",
        ),
    }


def _p(text, style, **changes):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as PdfParagraph

    base = pdf_styles()[style]
    if changes:
        base = ParagraphStyle(f"{base.name}-x", parent=base, **changes)
    return PdfParagraph(escape(str(text)).replace("\n", "<br/>"), base)


def _pdf_heading(block, width):
    from reportlab.platypus import Paragraph as PdfParagraph

    style = pdf_styles()[block.level]
    words = escape(block.words)
    if block.text:
        song = pdf_fonts()[0]
        words += f'<font name="{song}">{escape(block.text)}</font>'
        from reportlab.lib.styles import ParagraphStyle

        style = ParagraphStyle(f"{style.name}-runin", parent=style, keepWithNext=0)
    return [PdfParagraph(words, style)]


def _pdf_paragraph(block, width):
    return [_p(block.text, "body")]


def _pdf_table(block, width):
    from reportlab.lib import colors
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus import TableStyle

    columns = len(block.headers)
    rows = [[_p(h, "cell-head") for h in block.headers]]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for values in block.rows:
        r = len(rows)
        if isinstance(values, str):
            rows.append([_p(values, "cell", fontName=pdf_fonts()[1])] + [""] * (columns - 1))
            commands.append(("SPAN", (0, r), (-1, r)))
            continue
        rows.append(
            [
                _p("" if v is None else v, "cell" if i == 1 or columns <= 2 else "cell-center")
                for i, v in enumerate(values)
            ]
        )
    weights = block.widths or [1] * columns
    table = PdfTable(rows, colWidths=[width * w / sum(weights) for w in weights], repeatRows=1)
    table.setStyle(TableStyle(commands))
    flowables = [table]
    if block.caption:
        flowables.insert(0, _p(block.caption, "cell-head", fontSize=BODY_PT, leading=LINE_PT))
    return flowables


PDF_BLOCKS = {Heading: _pdf_heading, Paragraph: _pdf_paragraph, Table: _pdf_table}


def _pdf_page_number(canvas, doc):
    """— n — in 4号, 7 mm below the text block, one character in: odd pages right, even pages left."""
    from reportlab.lib.units import mm

    canvas.saveState()
    canvas.setFont(pdf_fonts()[0], PAGE_NUMBER_PT)
    text = f"— {doc.page} —"
    y = (BOTTOM_MM - PAGE_NUMBER_GAP_MM) * mm - PAGE_NUMBER_PT * 0.8
    if doc.page % 2:
        canvas.drawRightString((PAGE_WIDTH_MM - RIGHT_MM) * mm - PAGE_NUMBER_PT, y, text)
    else:
        canvas.drawString(LEFT_MM * mm + PAGE_NUMBER_PT, y, text)
    canvas.restoreState()


def pdf(document):
    """The document as PDF bytes."""
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageBreak, PageTemplate, Spacer

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH_MM * mm, PAGE_HEIGHT_MM * mm),
        leftMargin=LEFT_MM * mm,
        rightMargin=RIGHT_MM * mm,
        topMargin=TOP_MM * mm,
        bottomMargin=BOTTOM_MM * mm,
        title=document.title,
        author=document.author or (document.signature.name if document.signature else ""),
        lang="zh-CN",
        subject=document.subject,
    )
    frame = Frame(
        LEFT_MM * mm,
        BOTTOM_MM * mm,
        TEXT_WIDTH_MM * mm,
        TEXT_HEIGHT_MM * mm,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="text",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_pdf_page_number)])
    width = TEXT_WIDTH_MM * mm
    story = [_p(document.title, "title")]
    for block in document.blocks:
        story.extend(PDF_BLOCKS[type(block)](block, width))
    ending = []
    if document.annexes:
        lines = annex_list(document)
        ending.append(Spacer(1, LINE_PT))
        ending += [
            _p(line, "body" if n == 0 else "flush", leftIndent=0 if n == 0 else 5 * PDF_BODY_PT)
            for n, line in enumerate(lines)
        ]
    if document.signature:
        name_indent, date_indent = signature_indents(document.signature)
        ending.append(Spacer(1, LINE_PT * (2 if document.annexes else 1)))
        ending.append(_p(document.signature.name, "right", rightIndent=name_indent * PDF_BODY_PT))
        ending.append(_p(document.signature.dated, "right", rightIndent=date_indent * PDF_BODY_PT))
    if ending:
        last = [story.pop()] if len(story) > 1 else []
        story.append(KeepTogether(last + ending))
    for n, annex in enumerate(document.annexes, 1):
        story += [PageBreak(), _p(annex_label(document, n), "label"), _p(annex.title, "title")]
        for block in annex.blocks:
            story.extend(PDF_BLOCKS[type(block)](block, width))
    doc.build(story)
    return buffer.getvalue()
