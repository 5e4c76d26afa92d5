from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from members.access import union_required
from members.middleware import SESSION_UNION_KEY
from members.models import Member, Union


@union_required
@permission_required("members.view_member", raise_exception=True)
def roster(request):
    members = Member.objects.for_union(request.union).select_related("department", "group")[:200]
    return render(request, "members/roster.html", {"members": members})


def choose_union(request):
    """A superuser without a member record picks the union to work in."""
    if not request.user.is_superuser:
        raise PermissionDenied
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "/"
    if request.method == "POST":
        union = Union.objects.filter(pk=request.POST.get("union")).first()
        if union:
            request.session[SESSION_UNION_KEY] = union.pk
            return redirect(next_url)
    return render(request, "members/choose_union.html", {"unions": Union.objects.all(), "next": next_url})
