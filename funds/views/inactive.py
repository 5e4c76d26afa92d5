"""The committee's list of members for the statute's automatic leave (funds/inactive.py)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funds import inactive as rules
from members.access import get_for_union, require_perm, union_required

PERMS = ("members.view_member", "members.change_member")


@union_required
def inactive(request):
    require_perm(request, *PERMS)
    today = timezone.localdate()
    members = rules.inactive_members(request.union, today)
    return render(
        request, "funds/inactive.html", {"members": members, "since": rules.since(today), "months": rules.MONTHS}
    )


def _flagged(request, member_id):
    require_perm(request, *PERMS)
    return get_for_union(request, rules.inactive_members(request.union, timezone.localdate()), pk=member_id)


@union_required
@require_POST
def confirm(request, member_id):
    member = _flagged(request, member_id)
    try:
        rules.confirm_leave(member, request.user, timezone.localdate())
    except rules.LeaveRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("%(name)s has left the union.") % {"name": member.name})
    return redirect("funds:inactive")


@union_required
@require_POST
def dismiss(request, member_id):
    member = _flagged(request, member_id)
    rules.dismiss(member, request.user, timezone.localdate())
    messages.success(
        request, _("%(name)s stays a member and is not listed again for six months.") % {"name": member.name}
    )
    return redirect("funds:inactive")
