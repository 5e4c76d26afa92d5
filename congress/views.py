from django.shortcuts import render

from members.access import union_required


@union_required
def index(request):
    """What concerns the reader: their representative, open ballots, notices, their suggestions."""
    return render(request, "congress/index.html", {})
