"""The year-end summary as a PDF (reportlab), with real Chinese glyphs and extractable text.

The font: the first CJK TrueType font installed (fonts.installed(); Debian's fonts-wqy-microhei in
CI), embedded as a subset; on a machine without one, the standard CID font STSong-Light, which needs
no file (the viewer supplies the glyphs). Charts are drawn as vector graphics from the same scene as
the page's SVG, so they need no image library.
"""

import io
from functools import cache
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from unionplan.exports import document, fonts
from unionplan.exports.document import Figure, Paragraphs, Table

FALLBACK_FONT = "STSong-Light"
MARGIN = 2.2 * cm
HEADER_FILL = colors.HexColor("#D9E2F3")
TOTAL_FILL = colors.HexColor("#F2F2F2")
GRID = colors.HexColor("#808080")
CHART_WIDTH = 420  # scene units that fill the text width


@cache
def font_name():
    """Register the CJK font once per process and return its name."""
    for path, index in fonts.installed():
        try:
            pdfmetrics.registerFont(TTFont("UnionplanCJK", path, subfontIndex=index))
        except (TTFError, OSError, ValueError, KeyError):  # e.g. PostScript outlines (Noto CJK): next
            continue
        return "UnionplanCJK"
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


@cache
def styles():
    font = font_name()
    body = ParagraphStyle(
        "body",
        fontName=font,
        fontSize=11,
        leading=19,
        wordWrap="CJK",
        firstLineIndent=22,
        alignment=TA_JUSTIFY,
    )
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=20, leading=28, alignment=TA_CENTER, spaceAfter=4),
        "dated": ParagraphStyle("dated", fontName=font, fontSize=12, leading=18, alignment=TA_CENTER, spaceAfter=14),
        "h1": ParagraphStyle(
            "h1", fontName=font, fontSize=15, leading=22, spaceBefore=10, spaceAfter=6, keepWithNext=1
        ),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=13, leading=20, spaceBefore=8, spaceAfter=4, keepWithNext=1),
        "caption": ParagraphStyle(
            "caption",
            fontName=font,
            fontSize=10,
            leading=15,
            alignment=TA_CENTER,
            spaceBefore=6,
            spaceAfter=3,
        ),
        "body": body,
        "cell": ParagraphStyle("cell", fontName=font, fontSize=9, leading=12.5, wordWrap="CJK"),
        "cell-right": ParagraphStyle("cell-right", fontName=font, fontSize=9, leading=12.5, alignment=TA_RIGHT),
        "stale": ParagraphStyle(
            "stale", fontName=font, fontSize=10, leading=15, textColor=colors.HexColor("#C00000"), spaceAfter=10
        ),
        "signature": ParagraphStyle("signature", fontName=font, fontSize=11, leading=19, alignment=TA_RIGHT),
    }


def _p(text, style):
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), styles()[style])


def _paragraphs(block, width):
    return [_p(text, "body") for text in block.texts]


def _table(block, width):
    numeric = block.numeric
    header = [_p(title, "cell") for title in block.headers]
    rows = [
        [_p(document.cell_text(value), "cell-right" if i in numeric else "cell") for i, value in enumerate(values)]
        for values in [*block.rows, *([block.total] if block.total else [])]
    ]
    weights = block.widths or [3] + [1] * (len(block.headers) - 1)
    widths = [width * w / sum(weights) for w in weights]
    table = PdfTable([header, *rows], colWidths=widths, repeatRows=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if block.total:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL))
    table.setStyle(TableStyle(commands))
    # A caption never ends a page without its table; a long table still breaks across pages.
    return [KeepTogether([_p(block.caption, "caption"), table])]


def drawing(scene, width):
    """A chart scene as a reportlab Drawing scaled to `width` points (y flipped: PDF's origin is low)."""
    scale = width / scene.width
    d = Drawing(width, scene.height * scale)
    d.hAlign = "CENTER"
    font = font_name()

    def y(value):
        return (scene.height - value) * scale

    for shape in scene.shapes:
        if shape.kind == "rect":
            d.add(
                Rect(
                    shape.x * scale,
                    y(shape.y + shape.height),
                    shape.width * scale,
                    shape.height * scale,
                    fillColor=colors.HexColor(shape.fill),
                    strokeColor=None,
                )
            )
        elif shape.kind == "line":
            d.add(
                Line(
                    shape.x1 * scale,
                    y(shape.y1),
                    shape.x2 * scale,
                    y(shape.y2),
                    strokeColor=colors.HexColor(shape.stroke),
                    strokeWidth=0.5,
                )
            )
        elif shape.kind == "text":
            d.add(
                String(
                    shape.x * scale,
                    y(shape.y),
                    shape.text,
                    fontName=font,
                    fontSize=shape.size * scale,
                    fillColor=colors.HexColor(shape.fill),
                    textAnchor=shape.anchor,
                )
            )
    return d


def _figure(block, width):
    if block.scene.empty:
        return []
    width = width * min(1, block.scene.width / CHART_WIDTH)  # one scale for every chart
    return [Spacer(1, 6), KeepTogether([drawing(block.scene, width), _p(block.caption, "caption")])]


RENDER = {Paragraphs: _paragraphs, Table: _table, Figure: _figure}


def _page_number(canvas, doc):
    canvas.saveState()
    canvas.setFont(font_name(), 10)
    canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"— {doc.page} —")
    canvas.restoreState()


def render(report):
    """The report (document.Report) as PDF bytes."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=report.title,
        author=report.union,
        subject=report.title,
        lang="zh-CN",
    )
    width = doc.width
    story = [_p(report.title, "title"), _p(f"（{report.dated}）", "dated")]
    if report.stale:
        story.append(_p(report.stale, "stale"))
    for section in report.sections:
        story.append(_p(f"{section.number}{section.title}", "h1"))
        for block in section.blocks:
            story.extend(RENDER[type(block)](block, width))
        for area in section.areas:
            story.append(_p(f"{area.number}{area.title}", "h2"))
            for block in area.blocks:
                story.extend(RENDER[type(block)](block, width))
    story += [Spacer(1, 12), _p(report.union, "signature"), _p(report.dated, "signature")]
    if report.annex is not None:
        story += [PageBreak(), _p(_("Annex"), "h1"), *_table(report.annex, width)]
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()
