"""The member picker's search (members.picker): what a picker's words find among the union's members,
as an HTML fragment for htmx to put below the search box."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from members.access import union_required
from members.models import Member
from members.picker import SCOPES, matches


@require_GET
@union_required
@permission_required("members.view_member", raise_exception=True)
def pick(request):
    """?scope=current&q=王 — up to 20 of the union's members of that scope (members.picker.SCOPES)
    that the roster's search finds; an unknown scope is a 404."""
    scope = SCOPES.get(request.GET.get("scope", ""))
    if scope is None:
        raise Http404
    text = request.GET.get("q", "")
    found, more = matches(scope(Member.objects.for_union(request.union)), text)
    return render(request, "members/_member_picker_matches.html", {
        "matches": found, "more": more, "searched": bool(text.strip()),
    })
