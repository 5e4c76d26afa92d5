"""Where the CJK font is: Debian's fonts-wqy-microhei (what .ci/run installs), or another CJK font.

The PDF embeds the first TrueType font found here and the PNG charts draw with it; without one the
PDF falls back to the standard CID font STSong-Light (no file needed: the viewer supplies the
glyphs) and the charts leave out the labels they cannot draw.
"""

import os
from functools import cache

CANDIDATES = [
    # (path, index of the face in a .ttc collection)
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    # Noto CJK has PostScript outlines: Pillow draws them, reportlab cannot embed them.
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
]


def installed():
    """The CJK fonts present, best first: [(path, index)]; CJK_FONT=path (or path:index) goes first."""
    found = []
    override = os.environ.get("CJK_FONT", "")
    if override:
        path, _sep, index = override.partition(":")
        found.append((path, int(index or 0)))
    found.extend(c for c in CANDIDATES if c not in found)
    return [(path, index) for path, index in found if os.path.isfile(path)]


@cache
def pillow_font(size):
    """A Pillow font that draws Chinese, or None."""
    from PIL import ImageFont

    for path, index in installed():
        try:
            return ImageFont.truetype(path, size, index=index)
        except OSError:
            continue
    return None
