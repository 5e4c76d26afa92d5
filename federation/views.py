"""The higher-level union's pages: the roll-up of the unions below, one union's figures, the statistics."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from federation import statistics
from federation.rollup import load_tree, total_of, union_rows
from federation.table import charts, handup_cells, handup_choices, read_filters, sort_links, table_lines, table_rows
from members.access import require_perm, union_required
from members.downloads import XLSX, attachment
from members.models import Union

FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_of(request):
    """?year=, or this year for anything that is not a year."""
    text = request.GET.get("year", "")
    if text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    return timezone.localdate().year


def federation_tree(request):
    """The tree of unions, for a user who may read the figures of the unions below their own: else 403."""
    require_perm(request, "members.view_federation")
    tree = load_tree()
    if not tree.children.get(request.union.pk):
        raise PermissionDenied  # a union with nothing below it has no roll-up
    return tree


@union_required
def rollup(request):
    tree = federation_tree(request)
    year = year_of(request)
    rows = union_rows(tree, request.union.pk, year)
    filters = read_filters(request.GET, tree, request.union.pk)
    lines, total = table_lines(rows, tree, request.union.pk, filters)
    parents = [row for row in rows if row.has_children]
    return render(request, "federation/rollup.html", {
        "year": year,
        "years": range(year - 2, year + 2),
        "table": table_html(request, year, lines, total, filters),
        "total": total,
        "all_total": total_of(rows) if filters.active else total,
        "filters": filters,
        "kinds": Union.Kind.choices,
        "handup_choices": handup_choices(),
        "parents": parents,
        "charts": charts(lines),
    })


def table_html(request, year, lines, total, filters):
    """The table's 4,000 cells, rendered on their own before the page: inside the page's render they
    run some 70 frames deeper, where each costs CPython 3.11 about twice as much (members/versions.py),
    and without the context processors, which the table does not use."""
    return render_to_string("federation/_rollup_table.html", {
        "year": year,
        "rows": table_rows(lines),
        "total": total,
        "total_handup": handup_cells(total),
        "filters": filters,
        "headings": sort_links(request.GET, filters),
        # /federation/unions/ once, not a reverse() for each of 200 rows.
        "union_url": reverse("federation:union", args=[0]).removesuffix("0/"),
    })


@union_required
def union_figures(request, union_id):
    tree = federation_tree(request)
    if not tree.is_below(union_id, request.union.pk):
        raise Http404
    year = year_of(request)
    # The union and those below it: the figures of the rest of the federation are not needed.
    rows = {row.id: row for row in union_rows(tree, union_id, year, with_root=True)}
    row = rows[union_id]
    below = [rows[child] for child in tree.children.get(union_id, []) if child in rows]
    subtree = [rows[i] for i in tree.below(union_id)]
    return render(request, "federation/union.html", {
        "year": year,
        "row": row,
        "below": below,
        "subtree_total": total_of([row, *subtree]) if subtree else None,
        "parent_is_root": row.parent_id == request.union.pk,
    })


@union_required
def statistics_xlsx(request, year):
    tree = federation_tree(request)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    rows = union_rows(tree, request.union.pk, year)
    content = statistics.statistics_xlsx(request.union, year, rows, timezone.localdate())
    name = _("%(union)s basic union statistics %(year)d") % {"union": request.union.name, "year": year}
    return attachment(content, XLSX, f"{name}.xlsx")
