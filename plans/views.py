from django.shortcuts import render

from members.access import require_perm, union_required


@union_required
def plan_list(request):
    require_perm(request, "plans.view_annualplan")
    return render(request, "unionplan/placeholder.html", {"title": "plans"})
