from django.shortcuts import render

from members.access import require_perm, union_required


@union_required
def year(request, year):
    require_perm(request, "members.view_dashboard")
    return render(request, "unionplan/placeholder.html", {"title": "funds", "year": year})
