"""The roll-up as a table: unions in tree order (or sorted among their siblings), filtered, with a
subtotal after each federation in between and the grand total; and the charts drawn from it."""

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from federation.rollup import HANDUP_STATUSES, Figures, total_of
from members.access import id_or_none
from members.models import Union

SEARCH_LENGTH = 100
# ?sort= names, each the row's attribute it orders by (name and kind by their Chinese reading).
SORTS = {
    "name": lambda row: row.name,
    "kind": lambda row: row.kind_label,
    "employees": lambda row: row.employees,
    "members": lambda row: row.members,
    "rate": lambda row: row.rate,
    "in_service": lambda row: row.in_service,
    "retired": lambda row: row.retired,
    "women": lambda row: row.women,
    "migrant_workers": lambda row: row.migrant_workers,
    "joined": lambda row: row.joined,
    "hardship": lambda row: row.hardship,
    "activities_held": lambda row: row.activities_held,
    "attendance": lambda row: row.attendance,
    "dues": lambda row: row.dues,
    "allocation": lambda row: row.allocation,
    "spending": lambda row: row.spending_total,
    "plan": lambda row: row.plan_status_label,
    "plan_handup": lambda row: HANDUP_ORDER[row.plan_handup],
    "summary_handup": lambda row: HANDUP_ORDER[row.summary_handup],
}
# A hand-up status sorts by how far it got: 未上报, 已退回, 已上报, 已接收.
HANDUP_ORDER = {"": 0, "returned": 1, "submitted": 2, "accepted": 3}
# ?plan_handup= and ?summary_handup=: a Submission.Status value, or "none" for 未上报.
HANDUP_FILTERS = {"none": "", **{status: status for status in HANDUP_STATUSES if status}}


@dataclass
class Line:
    kind: str  # "union" or "subtotal"
    figures: Figures
    depth: int
    label: str


@dataclass
class Filters:
    kind: str = ""
    parent: int | None = None
    q: str = ""
    plan_handup: str = ""  # a HANDUP_FILTERS key, "" for any
    summary_handup: str = ""
    sort: str = ""
    descending: bool = False

    @property
    def active(self):
        return bool(self.kind or self.parent or self.q or self.plan_handup or self.summary_handup)


def read_filters(query, tree, root_id):
    """The table's ?kind=, ?parent=, ?q=, ?plan_handup=, ?summary_handup= and ?sort= — anything not
    understood is left out."""
    kind = query.get("kind", "")
    parent = id_or_none(query.get("parent", ""))
    if parent is not None and not tree.is_below(parent, root_id):
        parent = None
    sort = query.get("sort", "")
    descending = sort.startswith("-")
    sort = sort.lstrip("-")
    return Filters(
        kind=kind if kind in Union.Kind.values else "",
        parent=parent,
        q=query.get("q", "").strip()[:SEARCH_LENGTH],
        plan_handup=handup_filter(query, "plan_handup"),
        summary_handup=handup_filter(query, "summary_handup"),
        sort=sort if sort in SORTS else "",
        descending=descending and sort in SORTS,
    )


def handup_filter(query, name):
    value = query.get(name, "")
    return value if value in HANDUP_FILTERS else ""


def handup_choices():
    """(?plan_handup= value, label) for the filters' lists."""
    return [(value, HANDUP_STATUSES[status]) for value, status in HANDUP_FILTERS.items()]


def shown_ids(rows, tree, filters):
    within = set(tree.below(filters.parent)) | {filters.parent} if filters.parent else None
    return {
        row.id for row in rows
        if (not filters.kind or row.kind == filters.kind)
        and (within is None or row.id in within)
        and (not filters.q or filters.q.lower() in row.name.lower())
        and (not filters.plan_handup or row.plan_handup == HANDUP_FILTERS[filters.plan_handup])
        and (not filters.summary_handup or row.summary_handup == HANDUP_FILTERS[filters.summary_handup])
    }


def sorted_rows(rows, filters):
    """Siblings in the order asked for: the unions without the figure (no employees entered) last."""
    if not filters.sort:
        return rows
    key = SORTS[filters.sort]
    known = [row for row in rows if key(row) is not None]
    known.sort(key=lambda row: (key(row), row.name), reverse=filters.descending)
    return known + [row for row in rows if key(row) is None]


def table_lines(rows, tree, root_id, filters):
    """[Line] in tree order — each union after its parent, siblings sorted — with a subtotal after the
    unions below each federation in between, and the figures of every union shown (the total)."""
    by_id = {row.id: row for row in rows}
    shown = shown_ids(rows, tree, filters)
    lines = []

    def walk(parent_id, seen):
        subtotal = []
        kids = [by_id[c] for c in tree.children.get(parent_id, []) if c in by_id and c not in seen]
        for row in sorted_rows(kids, filters):
            seen.add(row.id)
            if row.id in shown:
                lines.append(Line("union", row, row.depth, row.name))
            below = walk(row.id, seen)
            mine = ([row] if row.id in shown else []) + below
            if below:
                label = _("Subtotal: %(union)s") % {"union": row.name}
                lines.append(Line("subtotal", total_of(mine), row.depth, label))
            subtotal += mine
        return subtotal

    counted = walk(root_id, set())
    return lines, total_of(counted)


def table_rows(lines):
    """The table's body as plain dicts (a template looks a key up in a dict at once, an attribute of an
    object only after a failed key lookup: 4,000 times a page), its figures formatted once
    (Figures.cells)."""
    rows = []
    for line in lines:
        figures, subtotal = line.figures, line.kind == "subtotal"
        rows.append({
            "subtotal": subtotal,
            "depth": line.depth,
            "id": None if subtotal else figures.id,
            "name": line.label,
            "kind": ngettext("%(n)s union", "%(n)s unions", figures.unions) % {"n": figures.unions}
            if subtotal else figures.kind_label,
            "cells": figures.cells,
            "plan": "" if subtotal else figures.plan_status_label or "—",
            "handup": handup_cells(figures) if subtotal else [figures.plan_handup_label,
                                                              figures.summary_handup_label],
        })
    return rows


def handup_cells(figures):
    """The plan and summary hand-up columns of a subtotal or the total: "12/200 已上报"."""
    return [
        _("%(held)d/%(unions)d handed up") % {"held": held, "unions": figures.unions}
        for held in (figures.plans_handed_up, figures.summaries_handed_up)
    ]


# -- charts ---------------------------------------------------------------------------------------------

BAR_ROW = 30  # px a bar takes: its label above, the bar below
CHART_BARS = 30


@dataclass
class BarLine:
    label: str
    value: str
    y: int  # px: the label's baseline
    width: float  # % of the chart's width
    value_x: float  # %


@dataclass
class BarChart:
    title: str
    bars: list
    height: int
    more: int = 0  # unions left out of the chart


def bar_chart(title, items, scale_to=None, limit=CHART_BARS, percent=False):
    """Horizontal bars of (label, number), each label written above its bar (so that a phone shows
    whole names); at most `limit` bars, the largest first."""
    items = sorted(items, key=lambda item: -item[1])
    more = max(len(items) - limit, 0)
    items = items[:limit]
    top = scale_to or max([value for _label, value in items] + [1])
    bars = []
    for index, (label, value) in enumerate(items):
        width = round(float(min(value, top)) / float(top) * 80, 2) if top else 0
        text = f"{value}%" if percent else f"{value}"
        bars.append(BarLine(label, text, index * BAR_ROW + 12, width, round(width + 1.5, 2)))
    return BarChart(title, bars, len(items) * BAR_ROW + 4, more)


def charts(shown_lines):
    unions = [line.figures for line in shown_lines if line.kind == "union"]
    rates = [(row.name, row.rate) for row in unions if row.rate is not None]
    by_kind = {}
    for row in unions:
        by_kind[row.kind_label] = by_kind.get(row.kind_label, 0) + row.members
    return [
        bar_chart(_("Membership rate by union"), rates, scale_to=max([Decimal(100), *(r for _n, r in rates)]),
                  percent=True),
        bar_chart(_("Members by kind of union"), list(by_kind.items())),
    ]


def columns():
    """(sort name, heading, whether a number) of the table's columns, in order."""
    figure = partial(pgettext, "federation figure")
    return [
        ("name", _("Union"), False), ("kind", figure("Kind"), False), ("employees", _("Employees"), True),
        ("members", figure("Members"), True), ("in_service", _("In service"), True),
        ("retired", _("Retired"), True), ("women", _("Women"), True),
        ("migrant_workers", _("Migrant workers"), True), ("rate", _("Membership rate"), True),
        ("joined", _("New members"), True), ("hardship", _("Hardship households"), True),
        ("activities_held", figure("Activities held"), True), ("attendance", _("Attendance"), True),
        ("dues", _("Dues collected"), True), ("allocation", _("Allocation paid"), True),
        ("spending", _("Spending"), True), ("plan", figure("Plan"), False),
        ("plan_handup", _("Plan handed up"), False), ("summary_handup", _("Summary handed up"), False),
    ]


def sort_links(query, filters):
    """[(heading, url, arrow, numeric)] for the table's headings: a click sorts by the column, a
    second click the other way round; the filters and the year are kept."""
    links = []
    for name, heading, numeric in columns():
        params = query.copy()
        current = filters.sort == name
        # Numbers largest first on the first click, names in their order.
        first = f"-{name}" if numeric else name
        params["sort"] = (name if filters.descending else f"-{name}") if current else first
        arrow = ("▼" if filters.descending else "▲") if current else ""
        links.append((heading, "?" + params.urlencode(), arrow, numeric))
    return links
