"""The summary's two charts as plain shapes, drawn three ways from the same geometry:
SVG on the page (templates/unionplan/_summary_chart.html), PNG in the Word file
(unionplan/exports/png.py) and vector graphics in the PDF (unionplan/exports/pdf.py).

Coordinates are SVG's: origin top left, y grows downwards, a text's y is its baseline. Colours are
presentation attributes (fill="#…"), never style="": the page runs under a Content-Security-Policy.
"""

import math
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from members.escaping import Escaped
from members.money import yuan

TEXT = "#212529"
MUTED = "#6c757d"
GRID = "#dee2e6"
PLANNED = "#c5d5ee"
HELD = "#2f5d9e"
BUDGET = "#d5dbe3"
SPENT = "#3b7d4f"
OVER = "#c0392b"


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    kind: str = "rect"


@dataclass
class Text:
    x: float
    y: float
    text: str
    size: int = 12
    anchor: str = "start"  # start / middle / end, as SVG's text-anchor
    fill: str = TEXT
    kind: str = "text"


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GRID
    kind: str = "line"


@dataclass
class Scene:
    title: str
    width: int
    height: int
    shapes: list = field(default_factory=list)
    empty: bool = False

    def add(self, *shapes):
        self.shapes.extend(shapes)

    def fields_of(self, kind):
        """The shapes of one kind as dicts of their fields, for the page's SVG template: a template reads
        a key of a dict faster than an attribute of a dataclass (it tries the key first), ~6 a shape, and
        a loop a kind asks no shape its kind. The page draws the lines, then the rects, then the texts:
        no shape of one kind overlaps one of another, so the picture is the same as in `shapes`' order.
        Each field comes printed (as the template prints a number with localize off) and escaped, once
        for the values shapes repeat (coordinates, sizes, colours): ~500 fields a page."""
        escaped = self._escaped
        return [
            {name: escaped[str(value)] for name, value in vars(shape).items()}
            for shape in self.shapes
            if shape.kind == kind
        ]

    @cached_property
    def _escaped(self):
        return Escaped()

    @property
    def line_fields(self):
        return self.fields_of("line")

    @property
    def rect_fields(self):
        return self.fields_of("rect")

    @property
    def text_fields(self):
        return self.fields_of("text")


def nice_ceiling(value):
    """The smallest of 1, 2, 5 × 10ⁿ at or above `value` (at least 1): a tidy top for an axis."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _legend(scene, entries, y=14):
    x = 0
    for label, colour in entries:
        scene.add(Rect(x, y - 10, 12, 10, colour), Text(x + 16, y, label, size=12, fill=MUTED))
        x += 16 + 12 * len(label) + 20
    return scene


def activities_per_month(activity_summary):
    """Columns per month: activities planned (light) and held (dark), the held count on top."""
    # 420 wide: on a phone the SVG shrinks to ~340 px and its 11-12 px text must stay readable.
    width, height = 420, 220
    left, top, bottom = 24, 34, 22
    scene = Scene(pgettext("summary", "Activities per month"), width, height)
    months = activity_summary.months
    peak = max([max(m.planned, m.held) for m in months] or [0])
    scene.empty = peak == 0
    _legend(scene, [(pgettext("summary", "Planned"), PLANNED), (pgettext("summary", "Held"), HELD)])
    axis_top = nice_ceiling(peak)
    plot_height = height - top - bottom
    baseline = height - bottom
    for tick in (0, axis_top / 2, axis_top):
        y = baseline - plot_height * tick / axis_top
        label = f"{tick:g}"
        scene.add(Line(left, y, width, y), Text(left - 6, y + 4, label, size=10, anchor="end", fill=MUTED))
    slot = (width - left) / 12
    column = slot * 0.56
    for i, m in enumerate(months):
        x = left + i * slot + (slot - column) / 2
        centre = x + column / 2
        for value, colour, inset in ((m.planned, PLANNED, 0), (m.held, HELD, column * 0.18)):
            if value:
                h = plot_height * value / axis_top
                scene.add(
                    Rect(
                        round(x + inset, 1),
                        round(baseline - h, 1),
                        round(column - 2 * inset, 1),
                        round(h, 1),
                        colour,
                    )
                )
        if m.held or m.planned:
            # The held count on top; a month with nothing held yet shows its planned count, greyed.
            shown, colour = (m.held, TEXT) if m.held else (m.planned, MUTED)
            y = baseline - plot_height * max(m.planned, m.held) / axis_top - 4
            scene.add(Text(round(centre, 1), round(y, 1), str(shown), size=11, anchor="middle", fill=colour))
        label = pgettext("short month label", "M%(month)d") % {"month": m.month}
        scene.add(Text(round(centre, 1), height - 5, label, size=12, anchor="middle", fill=MUTED))
    return scene


def spending_per_category(categories):
    """A row per money category: its name and "spent / budget", a budget bar and a spending bar
    under them (red where the budget is overspent). Label above bars keeps phones readable."""
    width, row_height, legend = 360, 50, 26
    scene = Scene(_("Spending per category"), width, legend + row_height * max(len(categories), 1))
    scene.empty = not categories
    _legend(
        scene,
        [
            (pgettext("summary", "Budget"), BUDGET),
            (pgettext("summary", "Spent"), SPENT),
            (pgettext("summary", "Over budget"), OVER),
        ],
    )
    scale = max([max(c.budget, c.spent) for c in categories] or [0])
    for i, c in enumerate(categories):
        y = legend + i * row_height
        scene.add(
            Text(0, y + 15, c.name, size=13),
            Text(width, y + 15, f"{yuan(c.spent)} / {yuan(c.budget)}", size=12, anchor="end", fill=MUTED),
        )
        for value, colour, offset in (
            (c.budget, BUDGET, 20),
            (c.spent, OVER if c.over_budget else SPENT, 33),
        ):
            bar = round(float(value) / float(scale) * width, 1) if scale else 0
            if bar:
                scene.add(Rect(0, y + offset, bar, 11, colour))
    return scene
