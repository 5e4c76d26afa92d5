"""Server-rendered SVG charts: the geometry is computed here, the template only draws it.

Budget against spending per category (a light bar for the budget, a dark one for the year's
spending, red where the budget is overspent), and the year's income against its expense. Each row
has its label and figures on one line and its bars under them, so the chart stays readable when a
phone shrinks it.
"""

from dataclasses import dataclass, field

from members.money import yuan

WIDTH = 480
BAR_HEIGHT = 12
LEGEND_HEIGHT = 26


@dataclass
class Row:
    label: str
    figures: str  # "spent / budget", already formatted
    y: float  # top of the row
    bars: list = field(default_factory=list)  # (css class, width, y)

    @property
    def text_y(self):
        return self.y + 14


@dataclass
class Chart:
    rows: list = field(default_factory=list)
    width: int = WIDTH
    height: int = 0
    legend: bool = True
    bar_height: int = BAR_HEIGHT

    @property
    def is_empty(self):
        return not self.rows


def _width(value, scale):
    return round(float(value) / float(scale) * WIDTH, 1) if scale else 0.0


def budget_chart(execution):
    """Budget and year's spending for each category that has either."""
    categories = [c for c in execution.categories if c.budget or c.year_spent]
    scale = max([max(c.budget, c.year_spent) for c in categories] or [0])
    row_height = 20 + 2 * BAR_HEIGHT + 14
    chart = Chart(height=LEGEND_HEIGHT + row_height * len(categories))
    for i, c in enumerate(categories):
        y = LEGEND_HEIGHT + i * row_height
        chart.rows.append(
            Row(
                label=c.name,
                figures=f"{yuan(c.year_spent)} / {yuan(c.budget)}",
                y=y,
                bars=[
                    ("bar-budget", _width(c.budget, scale), y + 20),
                    (
                        "bar-over" if c.over_budget else "bar-spent",
                        _width(c.year_spent, scale),
                        y + 22 + BAR_HEIGHT,
                    ),
                ],
            )
        )
    return chart


def balance_chart(execution, income_label, expense_label):
    """The year's income and expense as two bars."""
    income, expense = execution.income_year, execution.expense_year
    scale = max(income, expense)
    if not scale:
        return Chart()
    row_height = 20 + 2 * BAR_HEIGHT + 10
    chart = Chart(height=row_height * 2, legend=False)
    for i, (label, value, css) in enumerate(
        [
            (income_label, income, "bar-income"),
            (expense_label, expense, "bar-over" if expense > income else "bar-spent"),
        ]
    ):
        y = i * row_height
        chart.rows.append(Row(label=label, figures=yuan(value), y=y, bars=[(css, _width(value, scale), y + 20)]))
    chart.bar_height = 2 * BAR_HEIGHT
    return chart
