"""The statute's automatic leave (会员连续六个月不交会费、不参加工会组织生活，视为自动退会): members
with six months of neither paid dues nor participation, listed for the committee, who confirms the
leave or keeps the member (an InactivityReview: not listed again for six months).

It lives in funds because it reads the dues and the sign-ups (activities), which members may not
import. 保留会籍 members are never listed: they pay no dues by right.
"""

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from activities.models import Signup
from funds.models import Dues
from members import history
from members.accounts import leaving_refusal
from members.models import InactivityReview, Member, name_order

MONTHS = 6
FLAGGED_STATUSES = [Member.Status.ACTIVE, Member.Status.RETIRED, Member.Status.EARLY_RETIRED]


class LeaveRefused(Exception):
    pass


def since(today):
    return today - relativedelta(months=MONTHS)


def inactive_members(union, today):
    """Members of `union` who joined at least six months ago and have, in the last six months, paid
    no dues, signed up for no activity and taken part in none; none the committee kept recently."""
    start = since(today)
    paid = Dues.objects.filter(member=OuterRef("pk"), paid_on__gte=start)
    took_part = Signup.objects.filter(member=OuterRef("pk")).filter(
        Q(created_at__date__gte=start) | Q(activity__start_date__gte=start)
    )
    kept = InactivityReview.objects.filter(member=OuterRef("pk"), until__gt=today)
    return (
        Member.objects.for_union(union)
        .filter(status__in=FLAGGED_STATUSES)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=start))
        .filter(~Exists(paid), ~Exists(took_part), ~Exists(kept))
        .select_related("department")
        .order_by(*name_order())
    )


@transaction.atomic
def confirm_leave(member, actor, today):
    """The member leaves the union today, as the statute provides."""
    refusal = leaving_refusal(actor, member)
    if refusal:
        raise LeaveRefused(refusal)
    member.status = Member.Status.LEFT
    member.left_on = today
    note = _("Left the union: six months without dues or participation (statute)")
    return history.save_recorded(member, actor, note=note, fields=Member.history_fields())


def dismiss(member, actor, today):
    """The committee keeps the member: not listed again for six months."""
    return InactivityReview.objects.create(
        union_id=member.union_id, member=member, dismissed_on=today,
        until=today + relativedelta(months=MONTHS), dismissed_by=actor,
    )
