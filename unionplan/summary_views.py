from django.shortcuts import render

from members.access import require_perm, union_required


@union_required
def page(request, year):
    require_perm(request, "members.view_member")
    return render(request, "unionplan/placeholder.html", {"title": "summary", "year": year})
