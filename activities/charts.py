"""Server-rendered SVG charts (no JavaScript, no inline styles: colours are the category classes).

The year chart stretches to its box without a viewBox: horizontal positions are percentages of the
chart's width, vertical ones pixels, so its text keeps its CSS size (activities.css) on a phone
as on a wide screen instead of shrinking with the drawing.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import pgettext


def bar(x, y, width, height, colour, title):
    """A segment of a column, as the template prints it: its numbers (x and width in % of the chart's
    width, y and height in px) and colour need no escaping, its title (a category's name) is escaped
    here; a plain dict, which a template reads at once (a year draws a hundred)."""
    return {"x": SafeString(x), "y": SafeString(y), "width": SafeString(width), "height": SafeString(height),
            "colour": SafeString(colour), "title": escape(title)}


def month_column(x, label, count, count_y):
    """A month under the columns: its centre (% of the chart's width), its label ("3月"), its count of
    activities (cancelled ones left out) and the baseline of that count written above its column (px)."""
    return {"x": SafeString(x), "label": label, "count": count, "count_y": SafeString(count_y)}


@dataclass
class MonthChart:
    height: int
    bars: list  # bar() per segment
    months: list  # month_column() per month
    legend: list  # (category name, colour) of the categories drawn, in their order
    baseline: float


def month_chart(schedule, height=180):
    """Stacked columns: activities per month, one segment per category (cancelled ones left out), from
    the counts of each ScheduleMonth; each month's count above its column, the categories in a legend."""
    top, bottom = 18, 22  # room for the counts above the highest column and the month names below
    baseline = height - bottom
    counts = [(m.month, [(name, colour, n) for name, colour, _order, n in m.per_category if n]) for m in schedule]
    peak = max([sum(n for _name, _colour, n in cats) for _m, cats in counts] + [1])
    scale = (baseline - top) / peak
    slot = 100 / 12
    bars, months, legend = [], [], {}
    for index, (month, categories) in enumerate(counts):
        label = pgettext("short month label", "M%(month)d") % {"month": month}
        x = index * slot + slot * 0.2
        y = baseline
        for name, colour, n in categories:
            h = n * scale
            y -= h
            title = f"{label} {name}：{n}"
            bars.append(bar(round(x, 2), round(y, 1), round(slot * 0.6, 2), round(h, 1), colour, title))
            legend.setdefault(name, colour)
        total = sum(n for _name, _colour, n in categories)
        months.append(month_column(round(index * slot + slot / 2, 2), label, total, round(y - 4, 1)))
    order = {name: order for m in schedule for name, _colour, order, _n in m.per_category}
    legend = sorted(legend.items(), key=lambda item: (order.get(item[0], 0), item[0]))
    return MonthChart(height, bars, months, legend, baseline)
