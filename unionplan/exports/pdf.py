"""The year-end summary as a PDF: the official document (GB/T 9704—2012) of docx.py, laid out by
members.official's PDF writer, with the charts added to it (document.Chart).

The charts are vector graphics from the same scene as the page's SVG (no image library), their
labels in the first CJK TrueType font installed (fonts.installed()), embedded as a subset, or the
standard CID font STSong-Light on a machine without one.
"""

from functools import cache
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from members import fonts, official
from unionplan.exports import document

FALLBACK_FONT = "STSong-Light"
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


def _chart(block, width):
    width = width * min(1, block.scene.width / CHART_WIDTH)  # one scale for every chart
    caption = Paragraph(escape(block.caption), official.pdf_styles()["cell-head"])
    return [Spacer(1, 6), KeepTogether([drawing(block.scene, width), caption])]


official.PDF_BLOCKS[document.Chart] = _chart


def render(report):
    """The report (document.Report) as PDF bytes."""
    return official.pdf(document.official_document(report))
