"""A chart scene (unionplan.charts) drawn as a PNG with Pillow, for the Word file.

Pillow needs no system packages. Drawn at three times the scene's size so it prints sharp. Without a CJK
font the texts that need one are left out (the table beside the chart names everything).
"""

import io

from PIL import Image, ImageDraw, ImageFont

from members import fonts

SCALE = 3
PAD = 6  # scene units of white around the chart, so no text touches the picture's edge
ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def _font(size):
    font = fonts.pillow_font(size * SCALE)
    if font is not None:
        return font, True
    return ImageFont.load_default(size * SCALE), False


def _at(value):
    """A scene coordinate in the picture's pixels."""
    return (value + PAD) * SCALE


def render(scene):
    image = Image.new("RGB", ((scene.width + 2 * PAD) * SCALE, (scene.height + 2 * PAD) * SCALE), "white")
    draw = ImageDraw.Draw(image)
    for shape in scene.shapes:
        if shape.kind == "rect":
            if shape.width > 0 and shape.height > 0:
                box = [_at(shape.x), _at(shape.y), _at(shape.x + shape.width), _at(shape.y + shape.height)]
                draw.rectangle(box, fill=shape.fill)
        elif shape.kind == "line":
            draw.line([_at(shape.x1), _at(shape.y1), _at(shape.x2), _at(shape.y2)], fill=shape.stroke, width=SCALE)
        elif shape.kind == "text":
            font, cjk = _font(shape.size)
            if not cjk and not shape.text.isascii():
                continue
            try:
                draw.text(
                    (_at(shape.x), _at(shape.y)),
                    shape.text,
                    font=font,
                    fill=shape.fill,
                    anchor=ANCHORS[shape.anchor],
                )
            except ValueError:  # a bitmap font (Pillow built without FreeType) takes no anchor
                continue
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
