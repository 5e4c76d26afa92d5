"""Server-rendered SVG charts (no JavaScript, no inline styles: colours are the category classes).

The year chart stretches to its box without a viewBox: horizontal positions are percentages of the
chart's width, vertical ones pixels, so its text keeps its CSS size (activities.css) on a phone
as on a wide screen instead of shrinking with the drawing.
"""

from dataclasses import dataclass

from django.utils.translation import pgettext


@dataclass
class Bar:
    x: float  # % of the chart's width
    y: float  # px
    width: float  # % of the chart's width
    height: float  # px
    colour: str
    title: str


@dataclass
class MonthColumn:
    x: float  # the column's centre, % of the chart's width
    label: str  # "3月"
    count: int  # activities of the month (cancelled ones left out)
    count_y: float  # px: the baseline of the count written above the column


@dataclass
class MonthChart:
    height: int
    bars: list
    months: list  # MonthColumn per month
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
            bars.append(Bar(round(x, 2), round(y, 1), round(slot * 0.6, 2), round(h, 1), colour, title))
            legend.setdefault(name, colour)
        total = sum(n for _name, _colour, n in categories)
        months.append(MonthColumn(round(index * slot + slot / 2, 2), label, total, round(y - 4, 1)))
    order = {name: order for m in schedule for name, _colour, order, _n in m.per_category}
    legend = sorted(legend.items(), key=lambda item: (order.get(item[0], 0), item[0]))
    return MonthChart(height, bars, months, legend, baseline)
