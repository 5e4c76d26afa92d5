"""A chart scene (unionplan.charts) drawn as a PNG with Pillow, for the Word file.

Pillow needs no system packages. Drawn at three times the scene's size so it prints sharp. Without a CJK
font the texts that need one are left out (the table beside the chart names everything).
"""

import io

from PIL import Image, ImageDraw, ImageFont

from unionplan.exports import fonts

SCALE = 3
ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def _font(size):
    font = fonts.pillow_font(size * SCALE)
    if font is not None:
        return font, True
    return ImageFont.load_default(size * SCALE), False


def render(scene):
    image = Image.new("RGB", (scene.width * SCALE, scene.height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    for shape in scene.shapes:
        if shape.kind == "rect":
            if shape.width > 0 and shape.height > 0:
                box = [
                    shape.x * SCALE,
                    shape.y * SCALE,
                    (shape.x + shape.width) * SCALE,
                    (shape.y + shape.height) * SCALE,
                ]
                draw.rectangle(box, fill=shape.fill)
        elif shape.kind == "line":
            draw.line(
                [shape.x1 * SCALE, shape.y1 * SCALE, shape.x2 * SCALE, shape.y2 * SCALE],
                fill=shape.stroke,
                width=SCALE,
            )
        elif shape.kind == "text":
            font, cjk = _font(shape.size)
            if not cjk and not shape.text.isascii():
                continue
            try:
                draw.text(
                    (shape.x * SCALE, shape.y * SCALE),
                    shape.text,
                    font=font,
                    fill=shape.fill,
                    anchor=ANCHORS[shape.anchor],
                )
            except ValueError:  # a bitmap font (Pillow built without FreeType) takes no anchor
                continue
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
