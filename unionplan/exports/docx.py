"""The year-end summary as a Word file: an official document (GB/T 9704—2012), laid out by
members.official like the annual plan — A4 with margins 37/35/28/26 mm, title 2号 小标宋,
body 3号 仿宋 at 22 lines of 28 characters, 一、 黑体, （一） 楷体, "— 1 —" at the outer corner, the 落款
after the last paragraph and the plan's items as the annex after it.

official.py draws headings, paragraphs and tables; the summary's two charts are a block of its own
(document.Chart), added here to official's Word writers: a picture in a paragraph of single line
spacing (the body's exact 28.95 pt would cut it to one line) without the body's first-line indent.
"""

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from members import official
from unionplan.exports import document, png

CHART_WIDTH = 420  # scene units that fill the text width
TEXT_WIDTH = Mm(official.TEXT_WIDTH_MM)


def _flush(paragraph):
    """No first-line indent (the Normal style's two characters are set in characters, so both go)."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")


def _chart(doc, block):
    picture = doc.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _flush(picture)
    picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    picture.paragraph_format.keep_with_next = True
    # The same scale for every chart: a narrower scene makes a narrower picture, not bigger text.
    width = int((TEXT_WIDTH - Mm(10)) * min(1, block.scene.width / CHART_WIDTH))
    picture.add_run().add_picture(io.BytesIO(png.render(block.scene)), width=width)
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _flush(caption)
    run = caption.add_run(block.caption)
    official.set_fonts(run._r, official.HEI_FONTS[0])
    run.font.size = Pt(official.TABLE_PT)
    return picture


official.WORD_BLOCKS[document.Chart] = _chart


def render(report):
    """The report (document.Report) as .docx bytes."""
    return official.word(document.official_document(report))
