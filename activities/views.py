from django.http import Http404
from django.shortcuts import render

from members.access import union_required


@union_required
def month(request, year, month):
    if not 1 <= month <= 12:
        raise Http404
    return render(request, "unionplan/placeholder.html", {"title": "calendar", "year": year, "month": month})
