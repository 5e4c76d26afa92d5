"""Server-rendered SVG charts (no JavaScript, no inline styles: colours are the category classes)."""

from dataclasses import dataclass


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass
class MonthChart:
    width: int
    height: int
    bars: list
    labels: list  # (x, text)
    gridlines: list  # (y, value)
    baseline: float


def month_chart(schedule, width=720, height=180):
    """Stacked bars: activities per month, one segment per category (cancelled ones left out), from
    the counts of each ScheduleMonth."""
    top, bottom, left = 10, 22, 28
    counts = [(m.month, [(name, colour, n) for name, colour, _order, n in m.per_category if n]) for m in schedule]
    peak = max([sum(n for _name, _colour, n in cats) for _m, cats in counts] + [1])
    step = max(1, round(peak / 4))
    scale = (height - top - bottom) / max(peak, step * 4)
    slot = (width - left) / 12
    bars, labels = [], []
    for index, (month, categories) in enumerate(counts):
        x = left + index * slot + slot * 0.2
        y = height - bottom
        for name, colour, n in categories:
            h = n * scale
            y -= h
            bars.append(
                Bar(
                    round(x, 1),
                    round(y, 1),
                    round(slot * 0.6, 1),
                    round(h, 1),
                    colour,
                    f"{month}月 {name}：{n}",
                )
            )
        labels.append((round(x + slot * 0.3, 1), f"{month}月"))
    gridlines = [(round(height - bottom - v * scale, 1), v) for v in range(0, max(peak, step * 4) + 1, step)]
    return MonthChart(width, height, bars, labels, gridlines, height - bottom)
